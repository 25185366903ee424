using System.CommandLine;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Evaluation;

/// <summary>`imesh eval --job JOB --dataset NAME [--split test] --out DIR`.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new ModelSourceOptions();
        var dataset = new Option<string>("--dataset") { Description = "Dataset to evaluate on (its class names must be the model's).", Required = true };
        var version = new Option<int>("--version") { Description = "Dataset version; 0 = latest sealed." };
        var split = new Option<string>("--split") { Description = "train | val | test.", DefaultValueFactory = _ => "test" };
        var output = new Option<string>("--out") { Description = "Directory for report.json and report.html.", Required = true };
        var topK = new Option<int>("--top-k") { Description = "k of top-k accuracy (default 2)." };
        var gMeanFloor = new Option<double?>("--g-mean-floor") { Description = "Recall floor ε for the corrected G-mean (e.g. 0.001); default uncorrected." };
        var name = new Option<string?>("--name") { Description = "Report name (default: model and dataset)." };
        var adjust = new Option<string?>("--prior-adjustment")
        {
            Description = "Post-hoc logit adjustment: score log p − τ·log π (π = the model's training prior). 'auto' chooses τ on the training dataset's validation split; or give τ ≥ 0.",
        };
        var command = new Command("eval", "Evaluate a model on a dataset split: imbalance-aware metrics, report JSON + HTML.");
        model.AddTo(command);
        foreach (var option in new Option[] { dataset, version, split, output, topK, gMeanFloor, name, adjust }) command.Options.Add(option);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var client = new EvaluationService.EvaluationServiceClient(ctx.Channel("evaluation"));
            var request = new EvaluateRequest
            {
                Model = model.Read(ctx),
                Dataset = new DatasetRef { Dataset = ctx.Get(dataset)!, Version = ctx.Get(version) },
                Split = SplitOption.Parse(ctx.Get(split)),
                TopK = ctx.Get(topK),
                GMeanCorrection = ctx.Get(gMeanFloor) is not null,
                GMeanEpsilon = ctx.Get(gMeanFloor) ?? 0,
                Name = ctx.Get(name) ?? "",
                PriorAdjustment = ctx.Get(adjust) is { } a ? ParseAdjustment(a) : null,
            };
            var report = await ctx.Console.Status().StartAsync($"Evaluating on {request.Dataset.Dataset} ({ctx.Get(split)})…",
                _ => client.EvaluateAsync(request, cancellationToken: ct).ResponseAsync);
            var directory = ctx.Get(output)!;
            var json = await ArtifactFiles.SaveAsync(
                client.DownloadArtifact(new ArtifactRequest { ReportId = report.ReportId, Kind = ArtifactKind.ArtifactJson }, cancellationToken: ct).ResponseStream,
                directory, "report.json", ct);
            var html = await ArtifactFiles.SaveAsync(
                client.DownloadArtifact(new ArtifactRequest { ReportId = report.ReportId, Kind = ArtifactKind.ArtifactHtml }, cancellationToken: ct).ResponseStream,
                directory, "report.html", ct);
            if (ctx.Json) ctx.WriteJson(EvalOutput.Document(report, json, html));
            else EvalOutput.Print(ctx.Console, report, json, html);
            return 0;
        });
        return command;
    }

    private static PriorAdjustment ParseAdjustment(string value)
    {
        if (value == "auto") return new PriorAdjustment { Enabled = true };
        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var tau) && tau >= 0 && double.IsFinite(tau))
            return new PriorAdjustment { Enabled = true, Tau = tau };
        throw new CliException($"--prior-adjustment takes 'auto' or a number τ ≥ 0, got '{value}'.");
    }
}
