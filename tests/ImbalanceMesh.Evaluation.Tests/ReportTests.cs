using System.Text;
using System.Text.Json;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Metrics;
using ImbalanceMesh.Evaluation.Tests.Support;
using SkiaSharp;

namespace ImbalanceMesh.Evaluation.Tests;

[Collection(EvaluationCollection.Name)]
public sealed class ReportTests(EvaluationMesh mesh)
{
    private static EvaluateRequest Request(ModelSource model, string name = "") => new()
    {
        Model = model,
        Dataset = new DatasetRef { Dataset = EvaluationMesh.Dataset },
        Split = Split.Test,
        Name = name,
    };

    [Fact]
    public async Task Evaluate_counts_every_test_sample_and_agrees_with_core_metrics()
    {
        var report = await mesh.Client.EvaluateAsync(Request(TestModels.Upload(EvaluationMesh.Classes)));

        var expected = await mesh.TestSplitCountsAsync();
        Assert.Equal(EvaluationMesh.Classes, report.Classes);
        Assert.Equal(expected.Values.Sum(), report.Samples);
        Assert.Equal(expected.Values, report.PerClass.Select(c => c.Support));
        Assert.Equal(report.Samples, report.ConfusionMatrix.Sum(row => row.Counts.Sum()));
        Assert.Equal(report.Samples, report.PerClass.Sum(c => c.Predicted));
        // the wire report must say what Core says about its own confusion matrix
        var truth = new List<int>();
        var predicted = new List<int>();
        for (var t = 0; t < report.Classes.Count; t++)
        for (var p = 0; p < report.Classes.Count; p++)
        {
            truth.AddRange(Enumerable.Repeat(t, (int)report.ConfusionMatrix[t].Counts[p]));
            predicted.AddRange(Enumerable.Repeat(p, (int)report.ConfusionMatrix[t].Counts[p]));
        }
        var m = ConfusionMatrix.From(truth, predicted, 3);
        Assert.Equal(LabelMetrics.BalancedAccuracy(m), report.Metrics.BalancedAccuracy, 12);
        Assert.Equal(LabelMetrics.MacroF1(m), report.Metrics.MacroF1, 12);
        Assert.Equal(LabelMetrics.MatthewsCorrelation(m), report.Metrics.Mcc, 12);
        Assert.Equal(2, report.Metrics.TopK);
        Assert.InRange(report.Metrics.MacroRocAuc, 0, 1);
        Assert.True(report.ImagesPerSecond > 0);
        Assert.Equal("uploaded checkpoint", report.CheckpointSource);

        var again = await mesh.Client.GetReportAsync(new ReportRef { ReportId = report.ReportId });
        Assert.Equal(report, again);
    }

    [Fact]
    public async Task Html_report_holds_its_charts_as_png_data_uris()
    {
        var report = await mesh.Client.EvaluateAsync(Request(TestModels.Upload(EvaluationMesh.Classes), "html check"));
        var (fileName, bytes) = await mesh.Client.DownloadAsync(report.ReportId, ArtifactKind.ArtifactHtml);
        var html = Encoding.UTF8.GetString(bytes);

        Assert.Equal("report.html", fileName);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        var images = HtmlImages.EmbeddedPngs(html);
        Assert.Equal(4, images.Count); // heatmap, recall/precision bars, ROC, PR
        foreach (var png in images)
        {
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            Assert.Equal(720, bitmap.Width);
            // a chart, not a blank canvas: many distinct colours
            Assert.True(bitmap.Pixels.Distinct().Count() > 20);
        }
        // the report lives on disk, complete, under the configured data root
        Assert.True(File.Exists(Path.Combine(mesh.EvaluationRoot, "reports", report.ReportId, "report.html")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(mesh.EvaluationRoot, "tmp")));
    }

    [Fact]
    public async Task Json_report_has_every_class_and_null_for_undefined_scores()
    {
        var report = await mesh.Client.EvaluateAsync(Request(TestModels.Upload(EvaluationMesh.Classes)));
        var (fileName, bytes) = await mesh.Client.DownloadAsync(report.ReportId, ArtifactKind.ArtifactJson);
        using var json = JsonDocument.Parse(bytes);
        var root = json.RootElement;

        Assert.Equal("report.json", fileName);
        Assert.Equal(report.ReportId, root.GetProperty("report_id").GetString());
        Assert.Equal(report.Metrics.BalancedAccuracy, root.GetProperty("metrics").GetProperty("balanced_accuracy").GetDouble(), 12);
        var perClass = root.GetProperty("per_class").EnumerateArray().ToList();
        Assert.Equal(EvaluationMesh.Classes, perClass.Select(c => c.GetProperty("class").GetString()));
        Assert.Equal(3, root.GetProperty("confusion_matrix").GetArrayLength());
    }

    [Fact]
    public async Task Compare_gives_deltas_against_the_first_report_and_stores_its_page()
    {
        var baseline = await mesh.Client.EvaluateAsync(Request(TestModels.Upload(EvaluationMesh.Classes, seed: 1), "seed 1"));
        var other = await mesh.Client.EvaluateAsync(Request(TestModels.Upload(EvaluationMesh.Classes, seed: 2), "seed 2"));

        var comparison = await mesh.Client.CompareAsync(new CompareRequest { ReportIds = { baseline.ReportId, other.ReportId } });

        Assert.Equal([baseline.ReportId, other.ReportId], comparison.Reports.Select(r => r.ReportId));
        Assert.All(comparison.Reports[0].RecallDelta.Values, d => Assert.Equal(0, d));
        var compared = comparison.Reports[1];
        foreach (var c in other.PerClass)
        {
            Assert.Equal(c.Recall, compared.Recall[c.ClassName]);
            Assert.Equal(c.Recall - baseline.PerClass.Single(b => b.ClassName == c.ClassName).Recall, compared.RecallDelta[c.ClassName], 12);
        }
        Assert.Equal(other.Metrics.BalancedAccuracy - baseline.Metrics.BalancedAccuracy, compared.Delta.BalancedAccuracy, 12);
        var best = other.Metrics.BalancedAccuracy > baseline.Metrics.BalancedAccuracy ? other : baseline;
        Assert.Equal(best.ReportId, comparison.BestReportId);

        var (_, html) = await mesh.Client.DownloadAsync(comparison.ComparisonId, ArtifactKind.ArtifactHtml);
        Assert.Single(HtmlImages.EmbeddedPngs(Encoding.UTF8.GetString(html)));
        var (_, json) = await mesh.Client.DownloadAsync(comparison.ComparisonId, ArtifactKind.ArtifactJson);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(baseline.ReportId, document.RootElement.GetProperty("baseline").GetString());
    }

    [Fact]
    public async Task Bad_report_ids_are_invalid_or_not_found_and_the_service_keeps_serving()
    {
        var invalid = await Assert.ThrowsAsync<RpcException>(() => mesh.Client.GetReportAsync(new ReportRef { ReportId = "../etc" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            mesh.Client.GetReportAsync(new ReportRef { ReportId = "rep-0123456789abcdef" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var download = await Assert.ThrowsAsync<RpcException>(() => mesh.Client.DownloadAsync("cmp-0123456789abcdef", ArtifactKind.ArtifactHtml));
        Assert.Equal(StatusCode.NotFound, download.StatusCode);
        var compare = await Assert.ThrowsAsync<RpcException>(() => mesh.Client.CompareAsync(new CompareRequest()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, compare.StatusCode);

        var report = await mesh.Client.EvaluateAsync(Request(TestModels.Upload(EvaluationMesh.Classes)));
        Assert.True(report.Samples > 0);
    }
}
