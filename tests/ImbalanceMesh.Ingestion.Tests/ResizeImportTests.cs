using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Imaging.Preprocessing;
using ImbalanceMesh.Imaging.Tests.Decoding;
using ImbalanceMesh.Ingestion.Tests.Support;

namespace ImbalanceMesh.Ingestion.Tests;

/// <summary>ImportOptions.resize: N×N pixels stored (shorter side to N, centre crop), validated, recorded per version.</summary>
public sealed class ResizeImportTests
{
    private static readonly SplitFractions AllTrain = new() { Train = 1 };

    /// <summary>
    /// 300×200 RGB: 50-column red band left, blue band right (exactly what a centre crop of the 200 px side cuts away),
    /// green top half and white bottom half between them. A squash to 64×64 would keep the bands.
    /// </summary>
    private static byte[] Landscape()
    {
        const int width = 300, height = 200;
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = x < 50 ? (255, 0, 0) : x >= 250 ? (0, 0, 255) : y < 100 ? (0, 200, 0) : (255, 255, 255);
                var i = (y * width + x) * 3;
                (pixels[i], pixels[i + 1], pixels[i + 2]) = ((byte)r, (byte)g, (byte)b);
            }
        return PngWriter.Encode(width, height, 3, pixels);
    }

    private static (byte R, byte G, byte B) At(Sample s, int x, int y)
    {
        var i = (y * s.Width + x) * 3;
        return (s.Data[i], s.Data[i + 1], s.Data[i + 2]);
    }

    private static long Bytes(string folder) =>
        Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    [Fact]
    public async Task A_resized_folder_import_stores_n_by_n_pixels_of_the_centre_scaled_to_the_shorter_side()
    {
        await using var box = new IngestionSandbox();
        var landscape = Landscape();
        box.WriteFile("a/landscape.png", landscape);
        box.WriteFile("a/gray.png", TestImages.GrayPng(100, 160, 3));
        box.WriteFile("b/small.png", TestImages.Png(40, 30, 4));

        var (_, result) = await box.ImportFolderAsync("resized", split: AllTrain, resize: 64);

        Assert.Equal((1, 3L), (result.Version, result.Imported));
        var samples = (await box.StreamAsync("resized")).ToDictionary(s => s.Source);
        Assert.All(samples.Values, s => Assert.Equal((64, 64, 64 * 64 * s.Channels), (s.Width, s.Height, s.Data.Length)));
        Assert.Equal(1, samples["a/gray.png"].Channels);

        var wide = samples["a/landscape.png"];
        // The bands are cropped away: inside a 2-pixel border (where sampling may reach the band edge) no red or blue.
        for (var y = 2; y < 62; y++)
            for (var x = 2; x < 62; x++)
            {
                var (r, g, b) = At(wide, x, y);
                if (y < 30) Assert.True(r < 8 && b < 8 && Math.Abs(g - 200) < 8, $"({x},{y}) = ({r},{g},{b}), expected green");
                else if (y >= 34) Assert.True(r > 247 && g > 247 && b > 247, $"({x},{y}) = ({r},{g},{b}), expected white");
            }

        // Bit for bit what the Imaging resize makes of the decoded file; the hash is the stored pixels'.
        var decoded = new ImageDecoder().Decode(landscape).Image!;
        Assert.Equal(CenterCropResize.Apply(decoded, 64).Pixels, wide.Data.ToByteArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(wide.Data.Span)), wide.Hash);

        // Enlarged 40×30 → 85×64 → centre 64: the mean colour of the kept columns survives the Mitchell resampling.
        var small = samples["b/small.png"];
        var source = TestImages.Pattern(40, 30, 3, 4);
        for (var c = 0; c < 3; c++)
        {
            var kept = Enumerable.Range(0, 30).SelectMany(y => Enumerable.Range(5, 30).Select(x => (double)source[(y * 40 + x) * 3 + c])).Average();
            var stored = Enumerable.Range(0, 64 * 64).Average(p => (double)small.Data[p * 3 + c]);
            Assert.True(Math.Abs(kept - stored) < 12, $"channel {c}: mean {stored:0.0} stored, {kept:0.0} in the source's centre");
        }

        // The original file is kept as it came.
        var original = (await box.StreamAsync("resized", format: SampleFormat.Original)).Single(s => s.Source == "a/landscape.png");
        Assert.Equal(landscape, original.Data.ToByteArray());
    }

    [Fact]
    public async Task The_version_records_the_resize_and_the_store_is_smaller()
    {
        await using var plain = new IngestionSandbox();
        await using var resized = new IngestionSandbox();
        foreach (var box in new[] { plain, resized })
            for (var i = 0; i < 8; i++) box.WriteFile($"c{i % 2}/{i}.png", TestImages.Png(224, 224, i));

        await plain.ImportFolderAsync("photos", split: AllTrain);
        await resized.ImportFolderAsync("photos", split: AllTrain, resize: 32);

        var plainBytes = Bytes(plain.PacksFolder);
        var resizedBytes = Bytes(resized.PacksFolder);
        var files = Enumerable.Range(0, 8).Sum(i => (long)TestImages.Png(224, 224, i).Length);
        Assert.Equal(files + 8L * 224 * 224 * 3, plainBytes);
        Assert.Equal(files + 8L * 32 * 32 * 3, resizedBytes);

        var version = (await resized.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets.Single().Versions.Single();
        Assert.Equal(32, version.Resize);
        Assert.Equal(0, (await plain.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets.Single().Versions.Single().Resize);
        var stats = await resized.Client.GetStatisticsAsync(new StatisticsRequest { Dataset = new DatasetRef { Dataset = "photos" } });
        Assert.Equal(32, stats.Resize);

        // Recorded in the catalog: still there after a restart.
        await resized.RestartAsync();
        Assert.Equal(32, (await resized.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets.Single().Versions.Single().Resize);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(1025)]
    [InlineData(-64)]
    public async Task A_resize_out_of_range_is_refused_on_arrival_by_every_import(int resize)
    {
        await using var box = new IngestionSandbox();
        box.WriteFile("a/x.png", TestImages.Png());
        var options = new ImportOptions { Dataset = "bad", Resize = resize };

        var folder = await Assert.ThrowsAsync<RpcException>(() => box.ImportFolderAsync("bad", resize: resize));
        // The IDX and CIFAR files do not exist: the options are checked before the files are looked at.
        var idx = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in box.Client.ImportIdx(new ImportIdxRequest
                { Options = options, ImagesPath = Path.Combine(box.Inbox, "none"), LabelsPath = Path.Combine(box.Inbox, "none") }).ResponseStream.ReadAllAsync()) { }
        });
        var cifar = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in box.Client.ImportCifar(new ImportCifarRequest
                { Options = options, Paths = { Path.Combine(box.Inbox, "none.bin") } }).ResponseStream.ReadAllAsync()) { }
        });
        // Refused on the header: the call may end before the file is written, so a write can be what reports it.
        var upload = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = box.Client.Upload();
            await call.RequestStream.WriteAsync(new UploadChunk { Header = options });
            await call.RequestStream.WriteAsync(new UploadChunk { File = new UploadFile { ClassName = "a", FileName = "x.png", Data = ByteString.CopyFrom(TestImages.Png()), Last = true } });
            await call.RequestStream.CompleteAsync();
            await call.ResponseAsync;
        });

        foreach (var error in new[] { folder, idx, cifar, upload })
        {
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains($"resize must be 8..1024, got {resize}", error.Status.Detail);
        }
        Assert.Empty((await box.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets);
    }

    [Fact]
    public async Task An_import_with_another_resize_than_the_dataset_has_is_refused_and_one_with_the_same_finds_duplicates()
    {
        await using var box = new IngestionSandbox();
        box.WriteFile("v1/a/one.png", TestImages.Png(50, 40, 1));
        box.WriteFile("v2/a/one-again.png", TestImages.Png(50, 40, 1));
        box.WriteFile("v2/a/two.png", TestImages.Png(50, 40, 2));
        await box.ImportFolderAsync("set", "v1", AllTrain, resize: 16);

        foreach (var other in new[] { 0, 24 })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => box.ImportFolderAsync("set", "v2", AllTrain, resize: other));
            Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
            Assert.Contains("set v1 stores its images resized to 16×16 (--resize 16)", error.Status.Detail);
            Assert.Contains("Import with --resize 16, or into a new dataset name", error.Status.Detail);
        }

        var (_, result) = await box.ImportFolderAsync("set", "v2", AllTrain, resize: 16);
        Assert.Equal((2, 1L, 1L, 1L), (result.Version, result.Imported, result.Duplicates, result.CarriedOver));
        Assert.Equal(16, (await box.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets.Single().Versions.Last().Resize);

        await box.ImportFolderAsync("plain-first", "v1", AllTrain);
        var refused = await Assert.ThrowsAsync<RpcException>(() => box.ImportFolderAsync("plain-first", "v2", AllTrain, resize: 16));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("plain-first v1 stores its images at their imported size (no --resize)", refused.Status.Detail);
    }

    [Fact]
    public async Task Idx_records_are_resized_too_and_stay_grey()
    {
        await using var box = new IngestionSandbox();
        // Two 6×5 grey records: the left half dark, the right half light.
        var images = new byte[16 + 2 * 30];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(images, 0x00000803);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), 2);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 6);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 5);
        for (var r = 0; r < 2; r++)
            for (var p = 0; p < 30; p++) images[16 + r * 30 + p] = (byte)(p % 5 < 2 ? 10 * r : 250 - 10 * r);
        byte[] labels = [0, 0, 8, 1, 0, 0, 0, 2, 0, 1]; // magic 0x00000801, 2 labels: 0, 1
        var request = new ImportIdxRequest
        {
            Options = new ImportOptions { Dataset = "digits", Split = AllTrain, Resize = 8 },
            ImagesPath = box.WriteFile("images", images), LabelsPath = box.WriteFile("labels", labels),
        };
        await foreach (var _ in box.Client.ImportIdx(request).ResponseStream.ReadAllAsync()) { }

        var samples = await box.StreamAsync("digits");
        Assert.Equal(2, samples.Count);
        Assert.All(samples, s => Assert.Equal((8, 8, 1, 64), (s.Width, s.Height, s.Channels, s.Data.Length)));
        // 5 wide, 6 high → 8 wide, 9.6 high, centre 8 rows: still dark on the left, light on the right.
        var first = samples.Single(s => s.Source.EndsWith("#0"));
        Assert.True(first.Data[0] < 40 && first.Data[7] > 220, $"row 0: {string.Join(",", first.Data.Take(8))}");
    }
}
