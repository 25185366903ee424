using System.CommandLine;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Strategies;
using ImbalanceMesh.Imaging.Demo;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Mesh;

/// <summary>
/// `imesh demo`: the embedded imbalanced demo set → ingestion → statistics and the doctor's recommendation →
/// a cross-entropy baseline, the recommended strategy and class-balanced batches → evaluation on a separate balanced
/// test set → comparison.
/// </summary>
public static class DemoCommand
{
    public const string TrainDataset = "demo";
    public const string TestDataset = "demo-test";
    private const int TestImagesPerClass = 100;

    private static readonly Option<int> Epochs = new("--epochs") { Description = "Epochs per strategy.", DefaultValueFactory = _ => 20 };
    private static readonly Option<long> Seed = new("--seed") { Description = "Seed for data, plans and training.", DefaultValueFactory = _ => 42 };
    private static readonly Option<string> Out = new("--out") { Description = "Directory for the comparison report.", DefaultValueFactory = _ => "demo-report" };

    public static Command Create()
    {
        var command = new Command("demo", "Run the whole story on the embedded imbalanced demo dataset: ingest, diagnose, train a baseline and the recommended strategy, evaluate both on a balanced test set, compare.");
        command.Options.Add(Epochs);
        command.Options.Add(Seed);
        command.Options.Add(Out);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var seed = ctx.Get(Seed);
            var ingestion = new IngestionService.IngestionServiceClient(ctx.Channel("ingestion"));
            await UploadDemoSetsAsync(ctx, ingestion, seed, ct);

            var statistics = await ingestion.GetStatisticsAsync(new StatisticsRequest
            {
                Dataset = new DatasetRef { Dataset = TrainDataset },
                Split = Split.Train,
            }, cancellationToken: ct);
            if (!ctx.Json) PrintStatistics(ctx.Console, statistics);

            var recommendation = statistics.Recommendation;
            var recommended = StrategyCatalog.FromRecommendation(recommendation.Sampling, recommendation.Loss,
                recommendation.MixupAlpha, recommendation.Augmentation);
            // The baseline, the doctor's pick and class-balanced batches, the simplest re-balancing, as a reference.
            ImbalanceStrategy[] strategies = [StrategyCatalog.Get(StrategyCatalog.Baseline), recommended, StrategyCatalog.Get("balanced")];
            var settings = new SweepSettings(TrainDataset, TestDataset, [.. strategies.DistinctBy(s => s.Name)],
                ctx.Get(Epochs), seed, "cnn", 64, DemoDataset.DefaultSize, ctx.Get(Out)!);
            var outcome = await SweepCommand.RunAsync(ctx, settings, ct);
            SweepCommand.Print(ctx, outcome);
            return outcome.Ranked.Any(r => r.Error is null) ? 0 : 1;
        });
        return command;
    }

    private static async Task UploadDemoSetsAsync(CliContext ctx, IngestionService.IngestionServiceClient ingestion,
        long seed, CancellationToken ct)
    {
        var trainCount = DemoDataset.DefaultCounts.Values.Sum();
        var testCounts = DemoDataset.DefaultCounts.Keys.ToDictionary(c => c, _ => TestImagesPerClass);
        await ctx.Console.Progress().StartAsync(async progress =>
        {
            var train = progress.AddTask($"upload {TrainDataset} (imbalanced)", maxValue: trainCount);
            await SampleUploader.UploadAsync(ingestion,
                new ImportOptions { Dataset = TrainDataset, Seed = seed, Split = new SplitFractions { Train = 0.8, Val = 0.2 } },
                Items(DemoDataset.Generate(seed: seed)), new Progress<int>(n => train.Value = n), ct);
            train.Value = trainCount;

            var test = progress.AddTask($"upload {TestDataset} (balanced)", maxValue: testCounts.Values.Sum());
            await SampleUploader.UploadAsync(ingestion,
                new ImportOptions { Dataset = TestDataset, Seed = seed, Split = new SplitFractions { Test = 1 } },
                Items(DemoDataset.Generate(testCounts, seed: seed + 1)), new Progress<int>(n => test.Value = n), ct);
            test.Value = test.MaxValue;
        });
    }

    private static IEnumerable<SampleUploader.UploadItem> Items(IEnumerable<DemoImage> images) =>
        images.Select(i => SampleUploader.UploadItem.FromBytes(i.ClassName, i.FileName, i.Png));

    private static void PrintStatistics(IAnsiConsole console, DatasetStatistics statistics)
    {
        var balanced = statistics.Weights.FirstOrDefault(w => w.Rule == WeightRule.Balanced)?.Weights;
        var table = new Table().AddColumns("class", "train images", "share", "balanced weight");
        foreach (var c in statistics.Classes)
        {
            table.AddRow(Markup.Escape(c.Name), c.Count.ToString(), c.Share.ToString("P1"),
                balanced is not null && balanced.TryGetValue(c.Name, out var w) ? w.ToString("0.###") : "-");
        }
        console.Write(table);
        console.MarkupLineInterpolated($"Imbalance ratio {statistics.ImbalanceRatio:0.0}:1; minority: {string.Join(", ", statistics.MinorityClasses)}.");
        var r = statistics.Recommendation;
        console.MarkupLineInterpolated($"Doctor ({r.Severity}): {r.Sampling} sampling, {r.Loss} loss, {r.Augmentation} augmentation, mixup α {r.MixupAlpha}.");
        foreach (var reason in r.Reasons) console.MarkupLineInterpolated($"  - {reason}");
    }
}
