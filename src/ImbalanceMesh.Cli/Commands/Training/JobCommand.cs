using System.CommandLine;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Training;

/// <summary>`imesh job watch|cancel|resume|checkpoint JOB`.</summary>
public static class JobCommand
{
    public static Command Create()
    {
        var command = new Command("job", "Follow, cancel, resume or download one training job.");
        command.Subcommands.Add(Watch());
        command.Subcommands.Add(Cancel());
        command.Subcommands.Add(Resume());
        command.Subcommands.Add(Checkpoint());
        return command;
    }

    private static Argument<string> JobArgument() => new("job") { Description = "Job id (see imesh jobs)." };

    private static Command Watch()
    {
        var job = JobArgument();
        var command = new Command("watch", "Show a job's live progress until it ends.");
        command.Arguments.Add(job);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var client = new TrainingService.TrainingServiceClient(ctx.Channel("training"));
            var current = await client.GetJobAsync(new JobRef { JobId = ctx.Get(job) }, cancellationToken: ct);
            return await FollowToEndAsync(ctx, client, current, ct);
        });
        return command;
    }

    private static Command Cancel()
    {
        var job = JobArgument();
        var command = new Command("cancel", "Cancel a queued or running job (its last checkpoint stays available).");
        command.Arguments.Add(job);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var client = new TrainingService.TrainingServiceClient(ctx.Channel("training"));
            var result = await client.CancelJobAsync(new JobRef { JobId = ctx.Get(job) }, cancellationToken: ct);
            if (ctx.Json) ctx.WriteJson(JobOutcome.From(result, null));
            else ctx.Console.MarkupLineInterpolated($"{result.JobId}: {JobStatus.Name(result.State)} (cancellation requested)");
            return 0;
        });
        return command;
    }

    private static Command Resume()
    {
        var job = JobArgument();
        var detach = new Option<bool>("--detach") { Description = "Queue it and return at once (follow later with imesh job watch)." };
        var command = new Command("resume", "Continue a failed or cancelled job from its last checkpoint, and follow it until it ends.");
        command.Arguments.Add(job);
        command.Options.Add(detach);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var client = new TrainingService.TrainingServiceClient(ctx.Channel("training"));
            var resumed = await client.ResumeJobAsync(new JobRef { JobId = ctx.Get(job) }, cancellationToken: ct);
            if (ctx.Get(detach))
            {
                if (ctx.Json) ctx.WriteJson(JobOutcome.From(resumed, null));
                else ctx.Console.MarkupLineInterpolated($"{resumed.JobId}: {JobStatus.Name(resumed.State)}, continues after epoch {resumed.EpochsDone}");
                return 0;
            }
            return await FollowToEndAsync(ctx, client, resumed, ct);
        });
        return command;
    }

    private static async Task<int> FollowToEndAsync(CliContext ctx, TrainingService.TrainingServiceClient client, Job current,
        CancellationToken ct)
    {
        var finished = await JobProgressView.FollowAsync(ctx, client, current.JobId, current.Spec.Epochs, ct);
        JobProgressView.PrintOutcome(ctx, finished, null);
        return JobProgressView.ExitCode(finished);
    }

    private static Command Checkpoint()
    {
        var job = JobArgument();
        var output = new Option<string?>("--out") { Description = "File for the weights (default JOB.imodel); the model card goes to FILE.card.json." };
        var command = new Command("checkpoint", "Download a job's best checkpoint (TorchSharp weights + model card).");
        command.Arguments.Add(job);
        command.Options.Add(output);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var client = new TrainingService.TrainingServiceClient(ctx.Channel("training"));
            var id = ctx.Get(job)!;
            var (model, card) = await CheckpointDownload.SaveAsync(client, id, ctx.Get(output) ?? $"{id}.imodel", ct);
            if (ctx.Json) ctx.WriteJson(new { job = id, checkpoint = model, card });
            else ctx.Console.MarkupLineInterpolated($"weights: {model}\nmodel card: {card}");
            return 0;
        });
        return command;
    }
}
