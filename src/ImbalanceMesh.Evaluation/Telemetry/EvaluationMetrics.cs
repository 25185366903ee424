using System.Diagnostics.Metrics;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Telemetry;

namespace ImbalanceMesh.Evaluation.Telemetry;

/// <summary>The ImbalanceMesh.Evaluation meter: reports and comparisons written, and how long scoring a split took.</summary>
public sealed class EvaluationMetrics
{
    public const string MeterName = "ImbalanceMesh.Evaluation";
    public const string KindTag = "imesh.report.kind";
    public const string SplitTag = "imesh.split";

    private readonly Counter<long> _written;
    private readonly Histogram<double> _scoring;

    public EvaluationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _written = meter.CreateCounter<long>("imesh.evaluation.reports", "{report}", "Reports (kind report, tagged by dataset) and comparisons written");
        _scoring = meter.CreateHistogram<double>("imesh.evaluation.scoring.duration", "s", "Time to run a model over a dataset split");
    }

    public void ReportWritten(string dataset) =>
        _written.Add(1, new(KindTag, "report"), new KeyValuePair<string, object?>(MeshTags.Dataset, dataset));

    public void ComparisonWritten() => _written.Add(1, new KeyValuePair<string, object?>(KindTag, "comparison"));

    public void ScoringTook(TimeSpan elapsed, string dataset, Split split) =>
        _scoring.Record(elapsed.TotalSeconds, new(MeshTags.Dataset, dataset), new KeyValuePair<string, object?>(SplitTag, SplitName(split)));

    public static string SplitName(Split split) => split.ToString().ToLowerInvariant();
}
