using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Training;

/// <summary>Follows WatchJob with a live progress bar (epoch, step, loss, images/s, data wait, validation) until the job ends.</summary>
public static class JobProgressView
{
    public static async Task<Job> FollowAsync(CliContext ctx, TrainingService.TrainingServiceClient client, string jobId,
        int epochs, CancellationToken ct)
    {
        Job? finished = null;
        await ctx.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape($"{jobId} queued"), maxValue: Math.Max(epochs, 1));
                using var call = client.WatchJob(new JobRef { JobId = jobId }, cancellationToken: ct);
                await foreach (var e in call.ResponseStream.ReadAllAsync(ct))
                {
                    switch (e.EventCase)
                    {
                        case JobEvent.EventOneofCase.Step:
                            var s = e.Step;
                            task.Value = s.Epoch - 1 + (s.StepsPerEpoch > 0 ? (double)s.Step / s.StepsPerEpoch : 0);
                            task.Description = Markup.Escape(
                                $"epoch {s.Epoch}/{epochs} step {s.Step}/{s.StepsPerEpoch} loss {s.Loss:F4} lr {s.LearningRate:G3} {s.ImagesPerSecond:F0} img/s wait {s.DataWaitFraction:P0}");
                            break;
                        case JobEvent.EventOneofCase.Epoch:
                            var m = e.Epoch;
                            task.Value = m.Epoch;
                            ctx.Console.MarkupLineInterpolated(
                                $"epoch {m.Epoch}: loss {m.TrainLoss:F4}, val balanced acc. {m.ValBalancedAccuracy:F4}, val macro-F1 {m.ValMacroF1:F4}, {m.ImagesPerSecond:F0} img/s, data wait {m.DataWaitFraction:P1}");
                            break;
                        case JobEvent.EventOneofCase.Log:
                            ctx.Console.MarkupLineInterpolated($"[grey]{e.Log}[/]");
                            break;
                        case JobEvent.EventOneofCase.Finished:
                            finished = e.Finished;
                            task.Description = Markup.Escape($"{jobId} {JobStatus.Name(finished.State)}");
                            if (finished.State == JobState.JobSucceeded) task.Value = task.MaxValue;
                            task.StopTask();
                            return;
                    }
                }
            });
        return finished ?? await client.GetJobAsync(new JobRef { JobId = jobId }, cancellationToken: ct);
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
