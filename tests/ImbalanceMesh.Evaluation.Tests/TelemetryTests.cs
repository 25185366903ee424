using System.Diagnostics;
using System.Diagnostics.Metrics;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Telemetry;
using ImbalanceMesh.Evaluation.Tests.Support;
using ImbalanceMesh.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ImbalanceMesh.Evaluation.Tests;

[Collection(EvaluationCollection.Name)]
public sealed class TelemetryTests(EvaluationMesh mesh)
{
    [Fact]
    public async Task A_report_and_a_comparison_count_one_each_and_scoring_is_timed_under_its_own_span()
    {
        var meters = mesh.Evaluation.Services.GetRequiredService<IMeterFactory>();
        using var written = new MetricCollector<long>(meters, EvaluationMetrics.MeterName, "imesh.evaluation.reports");
        using var scoring = new MetricCollector<double>(meters, EvaluationMetrics.MeterName, "imesh.evaluation.scoring.duration");
        using var spans = new SpanRecorder();
        var clock = Stopwatch.StartNew();

        var report = await mesh.Client.EvaluateAsync(new EvaluateRequest
        {
            Model = TestModels.Upload(EvaluationMesh.Classes),
            Dataset = new DatasetRef { Dataset = EvaluationMesh.Dataset },
            Split = Split.Test,
        });
        var evaluateSeconds = clock.Elapsed.TotalSeconds;
        await mesh.Client.CompareAsync(new CompareRequest { ReportIds = { report.ReportId } });

        var counted = written.GetMeasurementSnapshot();
        Assert.Equal(2, counted.Count);
        Assert.Equal((1L, "report", EvaluationMesh.Dataset), (counted[0].Value, counted[0].Tags[EvaluationMetrics.KindTag], counted[0].Tags["imesh.dataset"]));
        Assert.Equal((1L, "comparison"), (counted[1].Value, counted[1].Tags[EvaluationMetrics.KindTag]));
        var timed = Assert.Single(scoring.GetMeasurementSnapshot());
        Assert.InRange(timed.Value, double.Epsilon, evaluateSeconds);
        Assert.Equal((EvaluationMesh.Dataset, "test"), (timed.Tags["imesh.dataset"], timed.Tags[EvaluationMetrics.SplitTag]));
        var score = Assert.Single(spans.Ended, s => s.OperationName == "evaluation.score");
        var rpc = Assert.Single(await spans.WaitForAsync(s => s.SpanId == score.ParentSpanId));
        Assert.Equal(ActivityKind.Server, rpc.Kind);
        Assert.Contains(spans.Ended, s => s.ParentSpanId == score.SpanId && s.Kind == ActivityKind.Client);
    }
}
