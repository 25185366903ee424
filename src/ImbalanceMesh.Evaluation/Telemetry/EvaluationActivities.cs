using System.Diagnostics;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Telemetry;

namespace ImbalanceMesh.Evaluation.Telemetry;

/// <summary>The ImbalanceMesh.Evaluation spans: scoring a split, with the StreamSamples call to ingestion below it.</summary>
public static class EvaluationActivities
{
    public static readonly ActivitySource Source = new(EvaluationMetrics.MeterName);

    public static Activity? StartScoring(string dataset, Split split) => Source.StartActivity("evaluation.score")
        ?.SetTag(MeshTags.Dataset, dataset).SetTag(EvaluationMetrics.SplitTag, EvaluationMetrics.SplitName(split));
}
