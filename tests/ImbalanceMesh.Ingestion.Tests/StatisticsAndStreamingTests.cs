using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Tests.Decoding;
using ImbalanceMesh.Ingestion.Tests.Support;

namespace ImbalanceMesh.Ingestion.Tests;

public sealed class StatisticsAndStreamingTests
{
    private static async Task<IngestionSandbox> FiftyTenAsync(SplitFractions split)
    {
        var box = new IngestionSandbox();
        for (var i = 0; i < 60; i++) box.WriteFile($"{(i < 50 ? "major" : "minor")}/{i:D2}.png", TestImages.Png(12, 10, i));
        await box.ImportFolderAsync("ft", split: split, seed: 3);
        return box;
    }

    [Fact]
    public async Task Statistics_give_counts_ratio_sklearn_weights_and_the_doctor()
    {
        await using var box = await FiftyTenAsync(new SplitFractions { Train = 1 });
        var stats = await box.Client.GetStatisticsAsync(new StatisticsRequest
        {
            Dataset = new DatasetRef { Dataset = "ft" },
            CustomWeights = { ["major"] = 1, ["minor"] = 4 },
        });

        Assert.Equal((1, Split.Train, 60L), (stats.Dataset.Version, stats.Split, stats.Total));
        Assert.Equal([("major", 0, 50L), ("minor", 1, 10L)], stats.Classes.Select(c => (c.Name, c.Index, c.Count)));
        Assert.Equal(5.0, stats.ImbalanceRatio);
        Assert.Equal(["minor"], stats.MinorityClasses);
        // sklearn 1.2.1: compute_class_weight('balanced', classes=[0, 1], y=[0]*50 + [1]*10) -> [0.6, 3.0]
        var balanced = stats.Weights.Single(w => w.Rule == WeightRule.Balanced).Weights;
        Assert.Equal(0.6, balanced["major"], 12);
        Assert.Equal(3.0, balanced["minor"], 12);
        Assert.Equal(4, stats.Weights.Single(w => w.Rule == WeightRule.Custom).Weights["minor"]);
        Assert.Equal(5, stats.Weights.Count);
        Assert.Equal(("moderate", "class-balanced", "effective_number"), (stats.Recommendation.Severity, stats.Recommendation.Loss, stats.Recommendation.WeightRule));
        Assert.NotEmpty(stats.Recommendation.Reasons);
        Assert.Equal([60L, 0L, 0L], stats.Splits.Select(s => s.Total));
    }

    [Fact]
    public async Task Split_is_stratified_reproducible_and_statistics_follow_the_split()
    {
        await using var box = await FiftyTenAsync(new SplitFractions { Train = 0.8, Val = 0.1, Test = 0.1 });
        var stats = await box.Client.GetStatisticsAsync(new StatisticsRequest { Dataset = new DatasetRef { Dataset = "ft" }, Split = Split.Val });
        Assert.Equal([("major", 5L), ("minor", 1L)], stats.Classes.Select(c => (c.Name, c.Count)));
        Assert.Equal([48L, 6L, 6L], stats.Splits.Select(s => s.Total));

        await using var other = await FiftyTenAsync(new SplitFractions { Train = 0.8, Val = 0.1, Test = 0.1 });
        var a = (await box.StreamAsync("ft", Split.Test)).Select(s => s.Source);
        var b = (await other.StreamAsync("ft", Split.Test)).Select(s => s.Source);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Statistics_of_an_empty_split_or_bad_weights_are_refused_clearly()
    {
        await using var box = await FiftyTenAsync(new SplitFractions { Test = 1 });
        var empty = await Assert.ThrowsAsync<RpcException>(() => box.Client.GetStatisticsAsync(
            new StatisticsRequest { Dataset = new DatasetRef { Dataset = "ft" } }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, empty.StatusCode);
        Assert.Contains("train split", empty.Status.Detail);
        var badCustom = await Assert.ThrowsAsync<RpcException>(() => box.Client.GetStatisticsAsync(new StatisticsRequest
        {
            Dataset = new DatasetRef { Dataset = "ft" }, Split = Split.Test, CustomWeights = { ["nope"] = 1 },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badCustom.StatusCode);
        var noVersion = await Assert.ThrowsAsync<RpcException>(() => box.Client.GetStatisticsAsync(
            new StatisticsRequest { Dataset = new DatasetRef { Dataset = "ft", Version = 9 } }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, noVersion.StatusCode);
    }

    [Fact]
    public async Task StreamSamples_chunks_in_id_order_with_classes_first_and_serves_ids_and_single_samples()
    {
        await using var box = await FiftyTenAsync(new SplitFractions { Train = 1 });
        var call = box.Client.StreamSamples(new StreamSamplesRequest
        {
            Dataset = new DatasetRef { Dataset = "ft" }, Split = Split.Train, SamplesPerChunk = 16,
        });
        var chunks = new List<SampleChunk>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync()) chunks.Add(chunk);
        Assert.Equal([16, 16, 16, 12], chunks.Select(c => c.Samples.Count));
        Assert.Equal(["major", "minor"], chunks[0].Classes);
        Assert.Equal(60, chunks[0].Total);
        Assert.Empty(chunks[1].Classes);
        var all = chunks.SelectMany(c => c.Samples).ToList();
        Assert.Equal(all.Select(s => s.Id).Order(), all.Select(s => s.Id));
        Assert.All(all, s => Assert.Equal(12 * 10 * 3, s.Data.Length));
        Assert.Equal(TestImages.Pattern(12, 10, 3, 55), all.Single(s => s.Source == "minor/55.png").Data.ToByteArray());

        // An empty split is one empty chunk that still names the classes.
        var emptySplit = new List<SampleChunk>();
        await foreach (var chunk in box.Client.StreamSamples(new StreamSamplesRequest
        {
            Dataset = new DatasetRef { Dataset = "ft" }, Split = Split.Val,
        }).ResponseStream.ReadAllAsync()) emptySplit.Add(chunk);
        var onlyChunk = Assert.Single(emptySplit);
        Assert.Equal((0, 0L), (onlyChunk.Samples.Count, onlyChunk.Total));
        Assert.Equal(["major", "minor"], onlyChunk.Classes);

        var picked = new[] { all[40].Id, all[3].Id };
        var byId = new List<Sample>();
        await foreach (var chunk in box.Client.StreamSamples(new StreamSamplesRequest
        {
            Dataset = new DatasetRef { Dataset = "ft" }, SampleIds = { picked }, Format = SampleFormat.Original,
        }).ResponseStream.ReadAllAsync()) byId.AddRange(chunk.Samples);
        Assert.Equal([all[3].Id, all[40].Id], byId.Select(s => s.Id));
        Assert.Equal(File.ReadAllBytes(Path.Combine(box.Inbox, all[3].Source)), byId[0].Data.ToByteArray());

        var one = await box.Client.GetSampleAsync(new GetSampleRequest { Dataset = new DatasetRef { Dataset = "ft" }, SampleId = all[3].Id });
        Assert.Equal(all[3], one);
        var missing = await Assert.ThrowsAsync<RpcException>(() => box.Client.GetSampleAsync(
            new GetSampleRequest { Dataset = new DatasetRef { Dataset = "ft" }, SampleId = 999_999 }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task StreamSampleIndex_gives_the_ids_and_labels_of_a_split_without_pixels_and_sample_ids_are_bounded()
    {
        await using var box = await FiftyTenAsync(new SplitFractions { Train = 0.8, Val = 0.2 });
        var samples = new List<Sample>();
        await foreach (var chunk in box.Client.StreamSamples(new StreamSamplesRequest
        {
            Dataset = new DatasetRef { Dataset = "ft" }, Split = Split.Train,
        }).ResponseStream.ReadAllAsync()) samples.AddRange(chunk.Samples);
        var chunks = new List<SampleIndexChunk>();
        await foreach (var chunk in box.Client.StreamSampleIndex(new SampleIndexRequest
        {
            Dataset = new DatasetRef { Dataset = "ft" }, Split = Split.Train,
        }).ResponseStream.ReadAllAsync()) chunks.Add(chunk);

        var first = chunks[0];
        Assert.Equal((48L, 12L * 10 * 3, 3), (first.Total, first.MaxPixelBytes, first.Channels));
        Assert.Equal(["major", "minor"], first.Classes);
        Assert.Equal(samples.Select(s => s.Id), chunks.SelectMany(c => c.Ids));
        Assert.Equal(samples.Select(s => s.ClassIndex), chunks.SelectMany(c => c.ClassIndices));

        var tooMany = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in box.Client.StreamSamples(new StreamSamplesRequest
            {
                Dataset = new DatasetRef { Dataset = "ft" }, SampleIds = { Enumerable.Range(1, 65_537).Select(i => (long)i) },
            }).ResponseStream.ReadAllAsync()) { }
        });
        Assert.Equal(StatusCode.InvalidArgument, tooMany.StatusCode);
        Assert.Contains("at most 65,536", tooMany.Status.Detail);
    }

    [Fact]
    public async Task Large_pixel_chunks_stay_under_the_default_client_message_limit()
    {
        await using var box = new IngestionSandbox();
        for (var i = 0; i < 12; i++) box.WriteFile($"a/{i}.png", TestImages.Png(512, 400, i));
        await box.ImportFolderAsync("big", split: new SplitFractions { Train = 1 });
        var chunks = new List<SampleChunk>();
        await foreach (var chunk in box.Client.StreamSamples(new StreamSamplesRequest
        {
            Dataset = new DatasetRef { Dataset = "big" }, SamplesPerChunk = 64,
        }).ResponseStream.ReadAllAsync()) chunks.Add(chunk);
        Assert.Equal(12, chunks.Sum(c => c.Samples.Count));
        Assert.All(chunks, c => Assert.True(c.CalculateSize() < 4 * 1024 * 1024, $"chunk of {c.CalculateSize():N0} bytes"));
    }
}
