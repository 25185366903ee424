using Google.Protobuf;
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
    public async Task A_killed_import_leaves_no_visible_half_version_and_its_pack_and_scratch_file_are_removed_at_restart()
    {
        await using var box = new IngestionSandbox();
        await box.StopAsync();
        await using (var service = await IngestionProcess.StartAsync(box))
        {
            using var upload = service.Client.Upload();
            await SendHalfAnImportAsync(box, upload);
            await service.KillAsync();
        }
        Assert.Single(Directory.GetFiles(box.PacksFolder));
        Assert.Single(Directory.GetFiles(box.ImportsFolder));

        await box.RestartAsync();

        Assert.Empty((await box.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets);
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            box.Client.GetStatisticsAsync(new StatisticsRequest { Dataset = new DatasetRef { Dataset = "half" } }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Empty(Directory.GetFiles(box.PacksFolder));
        Assert.Empty(Directory.GetFiles(box.ImportsFolder));
        await AssertTheWholeImportLandsAsync(box);
    }

    [Fact]
    public async Task A_cancelled_import_leaves_nothing_and_the_service_keeps_serving()
    {
        await using var box = new IngestionSandbox();
        using (var upload = box.Client.Upload())
            await SendHalfAnImportAsync(box, upload);

        await Eventually(() => Directory.GetFiles(box.PacksFolder).Length == 0, "the cancelled import's pack is deleted");
        await Eventually(() => Directory.GetFiles(box.ImportsFolder).Length == 0, "the cancelled import's scratch file is deleted");
        Assert.Empty((await box.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets);
        await AssertTheWholeImportLandsAsync(box);
    }

    private const int HalfAnImport = 600;

    /// <summary>
    /// Sends more than two of the importer's 256-file blocks but never completes the upload, so the import cannot be
    /// sealed; returns once the service has started writing the import's pack.
    /// </summary>
    private static async Task SendHalfAnImportAsync(IngestionSandbox box, AsyncClientStreamingCall<UploadChunk, ImportResult> upload)
    {
        await WriteImportAsync(upload);
        await Eventually(() => Directory.Exists(box.PacksFolder) && Directory.GetFiles(box.PacksFolder).Length == 1,
            "the import is writing its pack");
    }

    private static async Task AssertTheWholeImportLandsAsync(IngestionSandbox box)
    {
        using var upload = box.Client.Upload();
        await WriteImportAsync(upload);
        await upload.RequestStream.CompleteAsync();
        var result = await upload;
        Assert.Equal((1, (long)HalfAnImport), (result.Version, result.Imported));
        Assert.Equal(HalfAnImport, (await box.StreamAsync("half")).Count);
    }

    /// <summary>The header and all HalfAnImport files of dataset "half"; the upload is left open.</summary>
    private static async Task WriteImportAsync(AsyncClientStreamingCall<UploadChunk, ImportResult> upload)
    {
        await upload.RequestStream.WriteAsync(new UploadChunk { Header = new ImportOptions { Dataset = "half" } });
        for (var i = 0; i < HalfAnImport; i++)
            await upload.RequestStream.WriteAsync(new UploadChunk
            {
                File = new UploadFile
                {
                    ClassName = $"c{i % 2}", FileName = $"{i:D4}.png", Data = ByteString.CopyFrom(TestImages.Png(24, 24, i)), Last = true,
                },
            });
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited 30 s for: {what}.");
            await Task.Delay(50);
        }
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
