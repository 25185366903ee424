using System.Diagnostics;
using System.Diagnostics.Metrics;
using ImbalanceMesh.Imaging.Tests.Decoding;
using ImbalanceMesh.Testing;
using ImbalanceMesh.Ingestion.Telemetry;
using ImbalanceMesh.Ingestion.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace ImbalanceMesh.Ingestion.Tests;

public sealed class ImportMetricsTests
{
    [Fact]
    public async Task An_import_counts_what_its_result_reports_imported_and_rejected_by_reason()
    {
        await using var box = new IngestionSandbox();
        var meters = box.Host.Services.GetRequiredService<IMeterFactory>();
        using var imported = new MetricCollector<long>(meters, IngestionMetrics.MeterName, "imesh.ingestion.images.imported");
        using var rejected = new MetricCollector<long>(meters, IngestionMetrics.MeterName, "imesh.ingestion.images.rejected");
        using var imports = new MetricCollector<long>(meters, IngestionMetrics.MeterName, "imesh.ingestion.imports");
        var shared = TestImages.Png(12, 12, 10);
        box.WriteFile("a/one.png", shared);
        box.WriteFile("a/one-again.png", shared);
        box.WriteFile("a/two.png", TestImages.Png(12, 12, 11));
        box.WriteFile("b/one-as-b.png", shared);
        box.WriteFile("b/three.png", TestImages.Png(12, 12, 12));
        box.WriteFile("b/notes.txt", TestImages.Text());
        box.WriteFile("b/cut.png", TestImages.Truncated());

        var (_, result) = await box.ImportFolderAsync("counted");

        Assert.Equal((3L, 1L), (result.Imported, result.Duplicates));
        Assert.Equal(["not-an-image", "truncated"], result.Rejected.Select(r => r.Reason.Split(':')[0]).Order());
        Assert.Single(result.LabelConflicts);
        var importedNow = Assert.Single(imported.GetMeasurementSnapshot());
        Assert.Equal(result.Imported, importedNow.Value);
        Assert.Equal("counted", importedNow.Tags["imesh.dataset"]);
        var byReason = rejected.GetMeasurementSnapshot()
            .Select(m => (Dataset: m.Tags["imesh.dataset"], Reason: (string)m.Tags[IngestionMetrics.ReasonTag]!, m.Value))
            .ToList();
        Assert.All(byReason, m => Assert.Equal("counted", m.Dataset));
        Assert.Equal(new Dictionary<string, long>
        {
            [IngestionMetrics.Duplicate] = 1,
            [IngestionMetrics.ClassConflict] = 1,
            ["not-an-image"] = 1,
            ["truncated"] = 1,
        }, byReason.ToDictionary(m => m.Reason, m => m.Value));
        Assert.Equal(1, Assert.Single(imports.GetMeasurementSnapshot()).Value);
    }

    [Fact]
    public async Task An_import_is_one_span_below_the_import_rpc()
    {
        await using var box = new IngestionSandbox();
        box.WriteFile("a/one.png", TestImages.Png(8, 8, 1));
        using var spans = new SpanRecorder();

        await box.ImportFolderAsync("traced");

        var import = Assert.Single(spans.Ended, s => s.OperationName == "ingestion.import" && (string?)s.GetTagItem("imesh.dataset") == "traced");
        var rpc = Assert.Single(await spans.WaitForAsync(s => s.SpanId == import.ParentSpanId));
        Assert.Equal(ActivityKind.Server, rpc.Kind);
        Assert.Equal(import.TraceId, rpc.TraceId);
    }
}
