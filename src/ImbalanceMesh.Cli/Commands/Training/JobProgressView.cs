using Grpc.Core;
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

    /// <summary>
    /// Follows WatchJob until the job ends, moving <paramref name="task"/> (counted in epochs) with every step and epoch
    /// and handing the events to <paramref name="onEvent"/>. Returns the finished job, or what GetJob says of it when the
    /// stream ends without one.
    /// </summary>
    public static async Task<Job> WatchAsync(TrainingService.TrainingServiceClient client, string jobId, ProgressTask task,
        Action<JobEvent>? onEvent, CancellationToken ct)
    {
        using var call = client.WatchJob(new JobRef { JobId = jobId }, cancellationToken: ct);
        await foreach (var e in call.ResponseStream.ReadAllAsync(ct))
        {
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
        return await client.GetJobAsync(new JobRef { JobId = jobId }, cancellationToken: ct);
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
                ctx.Console.MarkupLineInterpolated(
                    $"epoch {m.Epoch}: loss {m.TrainLoss:F4}, val balanced acc. {m.ValBalancedAccuracy:F4}, val macro-F1 {m.ValMacroF1:F4}, {m.ImagesPerSecond:F0} img/s, data wait {m.DataWaitFraction:P1}");
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
        if (!string.IsNullOrEmpty(job.Error)) ctx.Console.MarkupLineInterpolated($"[red]{job.Error}[/]");
        if (checkpointFile is not null) ctx.Console.MarkupLineInterpolated($"checkpoint: {checkpointFile}");
        else if (job.HasCheckpoint) ctx.Console.MarkupLineInterpolated($"checkpoint: imesh job checkpoint {job.JobId} --out FILE");
    }

    public static int ExitCode(Job job) => job.State == JobState.JobSucceeded ? 0 : 1;
}
