using Grpc.Core;
using ImbalanceMesh.Core.Resilience;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Training;

/// <summary>Follows WatchJob with a live progress bar (epoch, step, loss, images/s, data wait, validation) until the job ends.</summary>
public static class JobProgressView
{
    public static async Task<Job> FollowAsync(CliContext ctx, TrainingService.TrainingServiceClient client, string jobId,
        int epochs, CancellationToken ct) =>
        await ctx.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape($"{jobId} queued"), maxValue: Math.Max(epochs, 1));
                var job = await WatchAsync(client, jobId, task, e => Show(ctx, task, e, epochs), ct);
                task.Description = Markup.Escape($"{jobId} {JobStatus.Name(job.State)}");
                if (job.State == JobState.JobSucceeded) task.Value = task.MaxValue;
                task.StopTask();
                return job;
            });

    /// <summary>How long a watcher keeps trying to reach a training service that went away (about 4 minutes).</summary>
    private static readonly BackoffSchedule Reconnect = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5), maxAttempts: 50);

    /// <summary>
    /// Follows WatchJob until the job ends, moving <paramref name="task"/> (counted in epochs) with every step and epoch
    /// and handing the events to <paramref name="onEvent"/>. When the training service goes away (a restart), watches
    /// again once it is back, telling <paramref name="onEvent"/> with a log event; the job resumes there on its own.
    /// </summary>
    public static async Task<Job> WatchAsync(TrainingService.TrainingServiceClient client, string jobId, ProgressTask task,
        Action<JobEvent>? onEvent, CancellationToken ct)
    {
        var retries = 0;
        while (true)
        {
            string lost;
            try
            {
                using var call = client.WatchJob(new JobRef { JobId = jobId }, cancellationToken: ct);
                await foreach (var e in call.ResponseStream.ReadAllAsync(ct))
                {
                    retries = 0;
                    switch (e.EventCase)
                    {
                        case JobEvent.EventOneofCase.Step:
                            task.Value = e.Step.Epoch - 1 + (e.Step.StepsPerEpoch > 0 ? (double)e.Step.Step / e.Step.StepsPerEpoch : 0);
                            break;
                        case JobEvent.EventOneofCase.Epoch:
                            task.Value = e.Epoch.Epoch;
                            break;
                        case JobEvent.EventOneofCase.Finished:
                            return e.Finished;
                    }
                    onEvent?.Invoke(e);
                }
                var job = await client.GetJobAsync(new JobRef { JobId = jobId }, cancellationToken: ct);
                if (job.State is not (JobState.JobQueued or JobState.JobRunning)) return job;
                lost = "the watch ended while the job goes on";
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && !ct.IsCancellationRequested)
            {
                lost = $"lost the training service ({e.Status.Detail})";
            }
            if (Reconnect.DelayBefore(++retries) is not { } delay)
                throw new CliException($"{lost}; gave up after {Reconnect.MaxAttempts} attempts to reconnect. The job goes on: imesh job watch {jobId}");
            onEvent?.Invoke(new JobEvent { JobId = jobId, Log = $"{lost}; watching again in {delay.TotalSeconds:0.#} s" });
            await Task.Delay(delay, ct);
        }
    }

    private static void Show(CliContext ctx, ProgressTask task, JobEvent e, int epochs)
    {
        switch (e.EventCase)
        {
            case JobEvent.EventOneofCase.Step:
                var s = e.Step;
                task.Description = Markup.Escape(
                    $"epoch {s.Epoch}/{epochs} step {s.Step}/{s.StepsPerEpoch} loss {s.Loss:F4} lr {s.LearningRate:G3} {s.ImagesPerSecond:F0} img/s wait {s.DataWaitFraction:P0}");
                break;
            case JobEvent.EventOneofCase.Epoch:
                var m = e.Epoch;
                var unadjusted = m.HasValBalancedAccuracyUnadjusted
                    ? $" (prior-adjusted; unadjusted {m.ValBalancedAccuracyUnadjusted:F4} / {m.ValMacroF1Unadjusted:F4})" : "";
                ctx.Console.MarkupLineInterpolated(
                    $"epoch {m.Epoch}: loss {m.TrainLoss:F4}, val balanced acc. {m.ValBalancedAccuracy:F4}, val macro-F1 {m.ValMacroF1:F4}{unadjusted}, {m.ImagesPerSecond:F0} img/s, data wait {m.DataWaitFraction:P1}, train {m.Seconds:F1} s + validation {m.ValidationSamples} images {m.ValidationSeconds:F1} s");
                break;
            case JobEvent.EventOneofCase.Log:
                ctx.Console.MarkupLineInterpolated($"[grey]{e.Log}[/]");
                break;
        }
    }

    public static void PrintOutcome(CliContext ctx, Job job, string? checkpointFile)
    {
        if (ctx.Json)
        {
            ctx.WriteJson(JobOutcome.From(job, checkpointFile));
            return;
        }
        var colour = job.State == JobState.JobSucceeded ? "green" : job.State == JobState.JobFailed ? "red" : "yellow";
        ctx.Console.MarkupLine($"[{colour}]{Markup.Escape(job.JobId)} {JobStatus.Name(job.State)}[/]: {job.EpochsDone} epochs, best val balanced accuracy {job.BestValBalancedAccuracy:F4}");
        if (job.ResumedAfterEpochs.Count > 0)
            ctx.Console.MarkupLine($"resumed from its checkpoint after epoch {string.Join(", ", job.ResumedAfterEpochs)}");
        if (job.FullValSamples > 0)
            ctx.Console.MarkupLine($"whole validation split ({job.FullValSamples} images): balanced accuracy {job.FullValBalancedAccuracy:F4}, macro-F1 {job.FullValMacroF1:F4}" +
                (job.HasFullValBalancedAccuracyUnadjusted ? $" (prior-adjusted; unadjusted {job.FullValBalancedAccuracyUnadjusted:F4} / {job.FullValMacroF1Unadjusted:F4})" : ""));
        if (!string.IsNullOrEmpty(job.Error)) ctx.Console.MarkupLineInterpolated($"[red]{job.Error}[/]");
        if (checkpointFile is not null) ctx.Console.MarkupLineInterpolated($"checkpoint: {checkpointFile}");
        else if (job.HasCheckpoint) ctx.Console.MarkupLineInterpolated($"checkpoint: imesh job checkpoint {job.JobId} --out FILE");
    }

    public static int ExitCode(Job job) => job.State == JobState.JobSucceeded ? 0 : 1;
}
