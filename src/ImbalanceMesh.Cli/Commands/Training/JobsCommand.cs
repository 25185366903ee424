using System.CommandLine;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Training;

/// <summary>`imesh jobs`: every training job, oldest first.</summary>
public static class JobsCommand
{
    public static Command Create()
    {
        var command = new Command("jobs", "List training jobs with their state, progress and best validation balanced accuracy.");
        command.SetMeshAction(async (ctx, ct) =>
        {
            var client = new TrainingService.TrainingServiceClient(ctx.Channel("training"));
            var jobs = (await client.ListJobsAsync(new ListJobsRequest(), cancellationToken: ct)).Jobs;
            if (ctx.Json)
            {
                ctx.WriteJson(jobs.Select(j => new
                {
                    job = j.JobId,
                    name = j.Spec.Name,
                    status = JobStatus.Name(j.State),
                    dataset = j.Spec.Dataset?.Dataset,
                    model = j.Spec.Model,
                    loss = j.Spec.Loss?.Name,
                    epochs_done = j.EpochsDone,
                    epochs = j.Spec.Epochs,
                    best_val_balanced_accuracy = j.BestValBalancedAccuracy,
                    resumed_after_epochs = j.ResumedAfterEpochs,
                    created_utc = j.CreatedUtc,
                    error = string.IsNullOrEmpty(j.Error) ? null : j.Error,
                }));
                return 0;
            }
            var table = new Table().AddColumns("job", "name", "status", "dataset", "model", "loss", "epochs", "best val bal. acc.", "created (UTC)");
            foreach (var j in jobs)
                table.AddRow(Markup.Escape(j.JobId), Markup.Escape(j.Spec.Name), JobStatus.Name(j.State),
                    Markup.Escape(j.Spec.Dataset?.Dataset ?? ""), j.Spec.Model, Markup.Escape(j.Spec.Loss?.Name ?? ""),
                    $"{j.EpochsDone}/{j.Spec.Epochs}", j.BestValBalancedAccuracy.ToString("F4"), j.CreatedUtc);
            ctx.Console.Write(table);
            return 0;
        });
        return command;
    }
}
