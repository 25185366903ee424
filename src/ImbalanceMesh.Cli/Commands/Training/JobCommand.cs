using System.CommandLine;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Training;

/// <summary>`imesh job watch|cancel|checkpoint JOB`.</summary>
public static class JobCommand
{
    public static Command Create()
    {
        var command = new Command("job", "Follow, cancel or download one training job.");
        command.Subcommands.Add(Watch());
        command.Subcommands.Add(Cancel());
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
            var finished = await JobProgressView.FollowAsync(ctx, client, current.JobId, current.Spec.Epochs, ct);
            JobProgressView.PrintOutcome(ctx, finished, null);
            return JobProgressView.ExitCode(finished);
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
