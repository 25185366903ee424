using System.Text.Json;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.EndToEnd.Tests;

/// <summary>
/// The whole system through the AppHost with a tiny budget: imesh demo, then a ce vs balanced sweep on the demo data,
/// judged on the separate balanced test set.
/// </summary>
public sealed class DemoAndSweepTests(RunningMesh mesh) : IClassFixture<RunningMesh>
{
    [Fact]
    public async Task Demo_then_sweep_produce_sound_reports_and_balancing_does_not_lose_the_minority()
    {
        var demo = await mesh.ImeshJsonAsync("demo", "--epochs", "2", "--out", "demo-report");
        AssertFileExists(demo.GetProperty("report").GetString());
        var demoStrategies = demo.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("strategy").GetString()).ToList();
        Assert.Contains("ce", demoStrategies);
        Assert.Contains("balanced", demoStrategies);
        Assert.InRange(demoStrategies.Count, 2, 3);

        var sweep = await mesh.ImeshJsonAsync("sweep", "--dataset", "demo", "--eval-dataset", "demo-test",
            "--strategies", "ce,balanced", "--epochs", "4", "--seed", "7", "--out", "sweep-report");
        AssertFileExists(sweep.GetProperty("report").GetString());
        var results = sweep.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("strategy").GetString()!);
        Assert.Equal(["balanced", "ce"], results.Keys.Order());

        var testSize = await TestSplitSizeAsync();
        var evaluation = new EvaluationService.EvaluationServiceClient(mesh.Channel("evaluation"));
        foreach (var result in results.Values)
        {
            Assert.Equal(JsonValueKind.Null, result.GetProperty("error").ValueKind);
            var report = await evaluation.GetReportAsync(new ReportRef { ReportId = result.GetProperty("report").GetString() });
            var m = report.Metrics;
            foreach (var value in new[] { m.Accuracy, m.BalancedAccuracy, m.MacroF1, m.WeightedF1, m.GMean, m.TopKAccuracy })
                Assert.InRange(value, 0, 1);
            Assert.InRange(m.Mcc, -1, 1);
            foreach (var c in report.PerClass)
                foreach (var value in new[] { c.Precision, c.Recall, c.F1, c.Specificity })
                    Assert.InRange(value, 0, 1);
            Assert.Equal(testSize, report.ConfusionMatrix.Sum(row => row.Counts.Sum()));
        }

        var balancedMinority = results["balanced"].GetProperty("minority_recall").GetDouble();
        var baselineMinority = results["ce"].GetProperty("minority_recall").GetDouble();
        Assert.True(balancedMinority >= baselineMinority,
            $"balanced batches recalled {balancedMinority:P0} of the minority class, the baseline {baselineMinority:P0}");
    }

    private async Task<long> TestSplitSizeAsync()
    {
        var statistics = await new IngestionService.IngestionServiceClient(mesh.Channel("ingestion")).GetStatisticsAsync(
            new StatisticsRequest { Dataset = new DatasetRef { Dataset = "demo-test" }, Split = Split.Test });
        Assert.True(statistics.Total > 0);
        return statistics.Total;
    }

    private void AssertFileExists(string? relativeOrAbsolute)
    {
        Assert.False(string.IsNullOrEmpty(relativeOrAbsolute));
        var path = Path.Combine(mesh.WorkingDirectory, relativeOrAbsolute!);
        Assert.True(File.Exists(path), $"{path} missing");
        Assert.True(new FileInfo(path).Length > 1000, $"{path} is nearly empty");
    }
}
