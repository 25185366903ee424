using System.CommandLine;
using ImbalanceMesh.Cli.Commands.Plans;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Training;

/// <summary>`imesh train`: submit a training job and follow it with a live progress bar.</summary>
public static class TrainCommand
{
    private static readonly Option<bool> Detach = new("--detach") { Description = "Submit and return at once (follow later with imesh job watch)." };
    private static readonly Option<string?> Out = new("--out") { Description = "When the job succeeds, download its best checkpoint to this file (+ FILE.card.json)." };
    private static readonly Option<FileInfo?> SpecFile = new("--spec") { Description = "A whole TrainingSpec as protobuf JSON (training.proto); the other job flags are then ignored." };

    public static Command Create()
    {
        var command = new Command("train", "Train a classifier on a dataset with an imbalance-aware loss; shows live progress until the job ends.");
        foreach (var option in TrainOptions.All) command.Options.Add(option);
        var plan = new PlanOptions();
        plan.AddTo(command, includeDataset: false);
        command.Options.Add(Detach);
        command.Options.Add(Out);
        command.Options.Add(SpecFile);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var spec = ctx.Get(SpecFile) is { } specFile ? ReadSpec(specFile) : TrainOptions.ToSpec(ctx, plan);
            var client = new TrainingService.TrainingServiceClient(ctx.Channel("training"));
            if (ctx.Get(SpecFile) is null) await TrainOptions.AttachPretrainedAsync(ctx, client, spec, ct);
            var job = await client.StartTrainingAsync(spec, cancellationToken: ct);
            if (!ctx.Json)
            {
                ctx.Console.MarkupLineInterpolated($"job [bold]{job.JobId}[/] queued (plan {job.PlanId}, classes: {string.Join(", ", job.Classes)})");
                foreach (var warning in job.Warnings) ctx.Console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
            }
            if (ctx.Get(Detach))
            {
                if (ctx.Json) ctx.WriteJson(JobOutcome.From(job, null));
                return 0;
            }
            var finished = await JobProgressView.FollowAsync(ctx, client, job.JobId, job.Spec.Epochs, ct);
            string? file = null;
            if (ctx.Get(Out) is { } path && finished.HasCheckpoint)
                file = (await CheckpointDownload.SaveAsync(client, job.JobId, path, ct)).Model;
            JobProgressView.PrintOutcome(ctx, finished, file);
            return JobProgressView.ExitCode(finished);
        });
        return command;
    }

    private static TrainingSpec ReadSpec(FileInfo file)
    {
        if (!file.Exists) throw new CliException($"spec file {file.FullName} does not exist");
        try
        {
            return TrainingSpec.Parser.ParseJson(File.ReadAllText(file.FullName));
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new CliException($"{file.Name} is not a TrainingSpec in protobuf JSON: {e.Message}");
        }
    }
}
