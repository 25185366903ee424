using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Tests.Decoding;
using ImbalanceMesh.Ingestion.Tests.Support;

namespace ImbalanceMesh.Ingestion.Tests;

public sealed class DurabilityTests
{
    [Fact]
    public async Task A_restart_of_the_service_loses_nothing()
    {
        await using var box = new IngestionSandbox();
        for (var i = 0; i < 12; i++) box.WriteFile($"{(i % 3 == 0 ? "rare" : "common")}/{i}.png", TestImages.Png(10, 10, i));
        var (_, result) = await box.ImportFolderAsync("keep");
        var before = await box.StreamAsync("keep", format: SampleFormat.Original);
        var listBefore = await box.Client.ListDatasetsAsync(new ListDatasetsRequest());

        await box.RestartAsync();

        var listAfter = await box.Client.ListDatasetsAsync(new ListDatasetsRequest());
        Assert.Equal(listBefore, listAfter);
        var after = await box.StreamAsync("keep", format: SampleFormat.Original);
        Assert.Equal(12, after.Count);
        Assert.Equal(before, after);
        Assert.Equal(result.Imported, after.Count);
    }

    [Fact]
    public async Task A_killed_import_leaves_no_visible_half_version()
    {
        await using var box = new IngestionSandbox();
        for (var i = 0; i < 3000; i++) box.WriteFile($"c{i % 2}/{i:D4}.png", TestImages.Png(24, 24, i));
        using var cancel = new CancellationTokenSource();
        var call = box.Client.ImportFolder(new ImportFolderRequest
        {
            Options = new ImportOptions { Dataset = "half" }, Path = box.Inbox,
        }, cancellationToken: cancel.Token);

        Assert.True(await call.ResponseStream.MoveNext());
        var first = call.ResponseStream.Current.Progress;
        Assert.True(first.Processed < first.Total, "the import was still running when it was killed");
        cancel.Cancel();
        var killed = await Assert.ThrowsAsync<RpcException>(async () => { while (await call.ResponseStream.MoveNext()) { } });
        Assert.Equal(StatusCode.Cancelled, killed.StatusCode);

        // Give the server a moment to notice, then look: now, and after a restart on the same data root.
        await Task.Delay(500);
        Assert.Empty((await box.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets);
        await box.RestartAsync();
        Assert.Empty((await box.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets);
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            box.Client.GetStatisticsAsync(new StatisticsRequest { Dataset = new DatasetRef { Dataset = "half" } }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        // The same import run to the end afterwards is version 1 with everything.
        var (_, result) = await box.ImportFolderAsync("half");
        Assert.Equal((1, 3000L), (result.Version, result.Imported));
    }

    [Fact]
    public async Task Two_imports_into_different_datasets_at_once_both_land_whole()
    {
        await using var box = new IngestionSandbox();
        for (var i = 0; i < 600; i++) box.WriteFile($"left/{(i < 500 ? "a" : "b")}/{i}.png", TestImages.Png(16, 16, i));
        for (var i = 0; i < 400; i++) box.WriteFile($"right/{(i < 100 ? "x" : "y")}/{i}.png", TestImages.Png(16, 16, 10_000 + i));

        var left = box.ImportFolderAsync("left", "left");
        var right = box.ImportFolderAsync("right", "right");
        await Task.WhenAll(left, right);

        Assert.Equal(new Dictionary<string, long> { ["a"] = 500, ["b"] = 100 }, (await left).Result.ClassCounts);
        Assert.Equal(new Dictionary<string, long> { ["x"] = 100, ["y"] = 300 }, (await right).Result.ClassCounts);
        var datasets = (await box.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets;
        Assert.Equal(["left", "right"], datasets.Select(d => d.Name));
        Assert.Equal([600L, 400L], datasets.Select(d => d.Versions.Single().Samples));
    }
}
