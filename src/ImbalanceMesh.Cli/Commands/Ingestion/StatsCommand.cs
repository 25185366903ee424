using System.CommandLine;
using System.Globalization;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Ingestion;

/// <summary>`imesh stats NAME`: class counts, imbalance ratio, class weights by every rule and the doctor's advice.</summary>
public static class StatsCommand
{
    public sealed record ClassJson(string Name, long Count, double Share);

    public sealed record RecommendationJson(string Loss, string Sampling, string Augmentation, double MixupAlpha,
        string WeightRule, string Severity, IReadOnlyList<string> Reasons);

    public sealed record StatsJson(string Dataset, int Version, int Resize, string Split, long Total, IReadOnlyList<ClassJson> Classes,
        double ImbalanceRatio, IReadOnlyList<string> MinorityClasses, IReadOnlyList<string> MajorityClasses,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Weights, RecommendationJson Recommendation);

    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Dataset name." };
        var version = new Option<int>("--version") { Description = "Dataset version (default: the latest)." };
        var split = new Option<string>("--split") { Description = "train | val | test.", DefaultValueFactory = _ => "train" };
        var beta = new Option<double>("--beta") { Description = "β of the effective-number weights.", DefaultValueFactory = _ => Core.Statistics.ClassWeights.DefaultBeta };
        var normalize = new Option<bool>("--normalize") { Description = "Scale weights so the average weight per sample is 1." };
        var custom = new Option<string?>("--custom") { Description = "Custom weights, e.g. cat=1,dog=4 (shown as rule 'custom')." };
        var command = new Command("stats", "Show a dataset's class counts, imbalance ratio, class weights and the imbalance doctor's recommendation.");
        command.Arguments.Add(name);
        foreach (var option in new Option[] { version, split, beta, normalize, custom }) command.Options.Add(option);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var request = new StatisticsRequest
            {
                Dataset = new DatasetRef { Dataset = ctx.Get(name)!, Version = ctx.Get(version) },
                Split = ParseSplit(ctx.Get(split)!),
                Beta = ctx.Get(beta),
                Normalize = ctx.Get(normalize),
            };
            request.CustomWeights.Add(ParseCustom(ctx.Get(custom)));
            var stats = await new IngestionService.IngestionServiceClient(ctx.Channel("ingestion"))
                .GetStatisticsAsync(request, cancellationToken: ct);
            if (ctx.Json) ctx.WriteJson(ToJson(stats));
            else Render(ctx.Console, stats);
            return 0;
        });
        return command;
    }

    public static StatsJson ToJson(DatasetStatistics s)
    {
        var r = s.Recommendation;
        return new StatsJson(s.Dataset.Dataset, s.Dataset.Version, s.Resize, s.Split.ToString().ToLowerInvariant(), s.Total,
            s.Classes.Select(c => new ClassJson(c.Name, c.Count, c.Share)).ToList(), s.ImbalanceRatio, s.MinorityClasses,
            s.MajorityClasses,
            s.Weights.ToDictionary(w => RuleName(w.Rule), w => (IReadOnlyDictionary<string, double>)w.Weights.ToDictionary()),
            new RecommendationJson(r.Loss, r.Sampling, r.Augmentation, r.MixupAlpha, r.WeightRule, r.Severity, r.Reasons));
    }

    private static string RuleName(WeightRule rule) => rule switch
    {
        WeightRule.Balanced => "balanced",
        WeightRule.Inverse => "inverse",
        WeightRule.InverseSqrt => "inverse_sqrt",
        WeightRule.EffectiveNumber => "effective_number",
        WeightRule.Custom => "custom",
        _ => rule.ToString(),
    };

    private static Split ParseSplit(string text) => text switch
    {
        "train" => Split.Train,
        "val" => Split.Val,
        "test" => Split.Test,
        _ => throw new CliException($"--split is train, val or test; got '{text}'."),
    };

    private static Dictionary<string, double> ParseCustom(string? text)
    {
        var weights = new Dictionary<string, double>();
        if (string.IsNullOrWhiteSpace(text)) return weights;
        foreach (var pair in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var w))
                throw new CliException($"--custom takes class=weight pairs such as cat=1,dog=4; '{pair}' is not one.");
            weights[parts[0]] = w;
        }
        return weights;
    }

    private static void Render(IAnsiConsole console, DatasetStatistics s)
    {
        console.MarkupLineInterpolated($"[bold]{s.Dataset.Dataset} v{s.Dataset.Version}[/]{(s.Resize == 0 ? "" : $" (resized to {s.Resize}×{s.Resize} at import)")}, {s.Split.ToString().ToLowerInvariant()} split: {s.Total} samples, imbalance ratio [bold]{s.ImbalanceRatio:0.##}:1[/]");
        var table = new Table().AddColumns("class", "count", "share");
        var rules = s.Weights.Select(w => (Name: RuleName(w.Rule), w.Weights)).ToList();
        foreach (var rule in rules) table.AddColumn(new TableColumn(rule.Name).RightAligned());
        foreach (var c in s.Classes)
        {
            var row = new List<string> { Markup.Escape(c.Name), c.Count.ToString(CultureInfo.InvariantCulture), c.Share.ToString("P1", CultureInfo.InvariantCulture) };
            row.AddRange(rules.Select(r => r.Weights.TryGetValue(c.Name, out var w) ? w.ToString("0.####", CultureInfo.InvariantCulture) : "-"));
            table.AddRow(row.ToArray());
        }
        console.Write(table);
        console.MarkupLineInterpolated($"minority: {string.Join(", ", s.MinorityClasses)}; majority: {string.Join(", ", s.MajorityClasses)}");
        var r = s.Recommendation;
        console.MarkupLineInterpolated($"[bold]Doctor[/] (severity {r.Severity}): loss [green]{r.Loss}[/], sampling [green]{r.Sampling}[/], augmentation [green]{r.Augmentation}[/], mixup α [green]{r.MixupAlpha}[/], weights [green]{r.WeightRule}[/]");
        foreach (var reason in r.Reasons) console.MarkupLineInterpolated($"  • {reason}");
        console.MarkupLine("[grey]splits:[/] " + string.Join(", ", s.Splits.Select(x => $"{x.Split.ToString().ToLowerInvariant()} {x.Total}")));
    }
}
