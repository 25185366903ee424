using System.CommandLine;
using System.Text.Json;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Evaluation;

/// <summary>`imesh compare REPORT...`: the first report is the baseline.</summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var reports = new Argument<string[]>("report")
        {
            Description = "Report ids (rep-…) or report.json files written by imesh eval; the first is the baseline.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out") { Description = "Directory for comparison.json and comparison.html." };
        var command = new Command("compare", "Compare reports side by side: headline metrics and per-class recall with deltas vs the first.");
        command.Arguments.Add(reports);
        command.Options.Add(output);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var client = new EvaluationService.EvaluationServiceClient(ctx.Channel("evaluation"));
            var ids = ctx.Get(reports)!.Select(ReportId).ToList();
            var comparison = await client.CompareAsync(new CompareRequest { ReportIds = { ids } }, cancellationToken: ct);
            string? json = null, html = null;
            if (ctx.Get(output) is { } directory)
            {
                json = await Save(client, comparison.ComparisonId, ArtifactKind.ArtifactJson, directory, "comparison.json", ct);
                html = await Save(client, comparison.ComparisonId, ArtifactKind.ArtifactHtml, directory, "comparison.html", ct);
            }
            if (ctx.Json) ctx.WriteJson(Document(comparison, json, html));
            else Print(ctx.Console, comparison, html);
            return 0;
        });
        return command;
    }

    /// <summary>A report id as given, or the report_id inside a report.json file.</summary>
    private static string ReportId(string value)
    {
        if (!File.Exists(value)) return value.Trim();
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(value));
            return document.RootElement.GetProperty("report_id").GetString()
                   ?? throw new CliException($"{value} has no report_id");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CliException($"{value} is not a report.json written by imesh eval: {e.Message}");
        }
    }

    private static async Task<string> Save(EvaluationService.EvaluationServiceClient client, string id, ArtifactKind kind,
        string directory, string fallback, CancellationToken ct)
    {
        using var call = client.DownloadArtifact(new ArtifactRequest { ReportId = id, Kind = kind }, cancellationToken: ct);
        return await ArtifactFiles.SaveAsync(call.ResponseStream, directory, fallback, ct);
    }

    private static object Document(Comparison c, string? json, string? html) => new
    {
        comparison_id = c.ComparisonId,
        comparison = json,
        html,
        baseline = c.Reports[0].ReportId,
        best_report_id = c.BestReportId,
        reports = c.Reports.Select(r => new
        {
            report_id = r.ReportId,
            name = r.Name,
            accuracy = r.Metrics.Accuracy,
            balanced_accuracy = r.Metrics.BalancedAccuracy,
            macro_f1 = r.Metrics.MacroF1,
            g_mean = r.Metrics.GMean,
            mcc = r.Metrics.Mcc,
            delta = new
            {
                accuracy = r.Delta.Accuracy,
                balanced_accuracy = r.Delta.BalancedAccuracy,
                macro_f1 = r.Delta.MacroF1,
                g_mean = r.Delta.GMean,
                mcc = r.Delta.Mcc,
            },
            recall = c.Classes.ToDictionary(name => name, name => r.Recall[name]),
            recall_delta = c.Classes.ToDictionary(name => name, name => r.RecallDelta[name]),
        }),
    };

    private static void Print(IAnsiConsole console, Comparison c, string? html)
    {
        var table = new Table().AddColumn("");
        foreach (var r in c.Reports) table.AddColumn(Markup.Escape($"{r.Name} ({r.ReportId})"));
        void Row(string label, Func<ComparedReport, double> value, Func<ComparedReport, double> delta) =>
            table.AddRow([Markup.Escape(label), .. c.Reports.Select((r, i) => i == 0 ? EvalOutput.F(value(r)) : $"{EvalOutput.F(value(r))} ({delta(r):+0.0000;-0.0000;0})")]);
        Row("balanced accuracy", r => r.Metrics.BalancedAccuracy, r => r.Delta.BalancedAccuracy);
        Row("macro F1", r => r.Metrics.MacroF1, r => r.Delta.MacroF1);
        Row("G-mean", r => r.Metrics.GMean, r => r.Delta.GMean);
        Row("MCC", r => r.Metrics.Mcc, r => r.Delta.Mcc);
        Row("accuracy", r => r.Metrics.Accuracy, r => r.Delta.Accuracy);
        foreach (var name in c.Classes) Row($"recall {name}", r => r.Recall[name], r => r.RecallDelta[name]);
        console.Write(table);
        console.MarkupLineInterpolated($"best by balanced accuracy: {c.BestReportId}");
        if (html is not null) console.MarkupLineInterpolated($"html: [link]{html}[/]");
    }
}
