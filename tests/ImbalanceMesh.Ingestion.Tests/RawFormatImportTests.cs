using System.Buffers.Binary;
using System.IO.Compression;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Ingestion.Tests.Support;

namespace ImbalanceMesh.Ingestion.Tests;

public sealed class RawFormatImportTests
{
    private static byte[] IdxImages(int count, int rows, int cols, Func<int, int, byte> pixel)
    {
        var bytes = new byte[16 + count * rows * cols];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), cols);
        for (var i = 0; i < count; i++)
            for (var p = 0; p < rows * cols; p++) bytes[16 + i * rows * cols + p] = pixel(i, p);
        return bytes;
    }

    private static byte[] IdxLabels(byte[] labels)
    {
        var bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x00000801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest)) gzip.Write(bytes);
        return memory.ToArray();
    }

    private static byte Pixel(int image, int p) => (byte)(image * 13 + p * 3);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Idx_images_and_labels_plain_or_gzipped_land_with_their_class_names_and_exact_pixels(bool gzip)
    {
        await using var box = new IngestionSandbox();
        byte[] labels = [0, 1, 1, 2, 2, 2, 2, 2, 2, 0];
        var images = IdxImages(labels.Length, 6, 5, Pixel);
        var imagesPath = box.WriteFile(gzip ? "train-images-idx3-ubyte.gz" : "train-images-idx3-ubyte", gzip ? Gzip(images) : images);
        var labelsPath = box.WriteFile(gzip ? "train-labels-idx1-ubyte.gz" : "train-labels-idx1-ubyte", gzip ? Gzip(IdxLabels(labels)) : IdxLabels(labels));

        var request = new ImportIdxRequest
        {
            Options = new ImportOptions { Dataset = "digits", Split = new SplitFractions { Train = 1 } },
            ImagesPath = imagesPath, LabelsPath = labelsPath, ClassNames = { "zero", "one", "two" },
        };
        ImportResult? result = null;
        await foreach (var e in box.Client.ImportIdx(request).ResponseStream.ReadAllAsync())
            if (e.EventCase == ImportEvent.EventOneofCase.Result) result = e.Result;

        Assert.Equal(new Dictionary<string, long> { ["one"] = 2, ["two"] = 6, ["zero"] = 2 }, result!.ClassCounts);
        var samples = await box.StreamAsync("digits");
        Assert.Equal(10, samples.Count);
        var third = samples.Single(s => s.Source.EndsWith("#3"));
        // Class indices follow the ordinal order of the names (one, two, zero), not the label values.
        Assert.Equal(("two", 1, 5, 6, 1), (third.ClassName, third.ClassIndex, third.Width, third.Height, third.Channels));
        Assert.Equal(Enumerable.Range(0, 30).Select(p => Pixel(3, p)), third.Data.ToByteArray());
    }

    [Fact]
    public async Task Idx_with_mismatched_counts_or_a_label_without_a_name_is_refused()
    {
        await using var box = new IngestionSandbox();
        var imagesPath = box.WriteFile("img", IdxImages(3, 4, 4, Pixel));
        var shortLabels = box.WriteFile("short", IdxLabels([0, 1]));
        var labels = box.WriteFile("labels", IdxLabels([0, 1, 5]));
        async Task<RpcException> Fails(string labelsPath, params string[] names)
        {
            var call = box.Client.ImportIdx(new ImportIdxRequest
            {
                Options = new ImportOptions { Dataset = "bad" }, ImagesPath = imagesPath, LabelsPath = labelsPath, ClassNames = { names },
            });
            return await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext());
        }
        Assert.Contains("3 images but 'short' has 2 labels", (await Fails(shortLabels)).Status.Detail);
        var noName = await Fails(labels, "a", "b");
        Assert.Equal(StatusCode.InvalidArgument, noName.StatusCode);
        Assert.Contains("Label 5 of record 2 has no class name", noName.Status.Detail);
        Assert.Contains("not an idx1-ubyte", (await Fails(imagesPath)).Status.Detail);
    }

    [Fact]
    public async Task A_gzipped_idx_image_file_cut_off_mid_record_is_refused_and_leaves_no_version()
    {
        await using var box = new IngestionSandbox();
        var images = IdxImages(600, 6, 5, Pixel);
        // The header says 600 records; the stream ends inside record 400: found while streaming, after 400 were taken.
        var imagesPath = box.WriteFile("cut.gz", Gzip(images.AsSpan(0, 16 + 400 * 30 + 7).ToArray()));
        var labelsPath = box.WriteFile("labels", IdxLabels(Enumerable.Range(0, 600).Select(i => (byte)(i % 2)).ToArray()));

        var call = box.Client.ImportIdx(new ImportIdxRequest { Options = new ImportOptions { Dataset = "cut" }, ImagesPath = imagesPath, LabelsPath = labelsPath });
        var error = await Assert.ThrowsAsync<RpcException>(async () => { await foreach (var _ in call.ResponseStream.ReadAllAsync()) { } });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("'cut.gz' declares 600 images of 6×5 but ends in record 400 (truncated)", error.Status.Detail);
        Assert.DoesNotContain((await box.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets, d => d.Name == "cut");
    }

    private static byte[] CifarRecords(bool cifar100, int first, params (byte Coarse, byte Fine)[] labels)
    {
        var record = 3072 + (cifar100 ? 2 : 1);
        var bytes = new byte[labels.Length * record];
        for (var r = 0; r < labels.Length; r++)
        {
            var o = r * record;
            if (cifar100) (bytes[o], bytes[o + 1]) = labels[r];
            else bytes[o] = labels[r].Fine;
            var pixels = o + record - 3072;
            for (var p = 0; p < 1024; p++)
                (bytes[pixels + p], bytes[pixels + 1024 + p], bytes[pixels + 2048 + p]) = ((byte)(first + r + 10), (byte)p, (byte)(200 - r));
        }
        return bytes;
    }

    [Fact]
    public async Task Cifar10_batches_land_with_the_standard_names_and_planes_interleaved_to_hwc()
    {
        await using var box = new IngestionSandbox();
        var first = box.WriteFile("cifar/data_batch_1.bin", CifarRecords(false, 0, (0, 0), (0, 3), (0, 3)));
        var second = box.WriteFile("cifar/data_batch_2.bin", CifarRecords(false, 100, (0, 9)));
        ImportResult? result = null;
        await foreach (var e in box.Client.ImportCifar(new ImportCifarRequest
        {
            Options = new ImportOptions { Dataset = "cifar", Split = new SplitFractions { Train = 1 } }, Paths = { first, second },
        }).ResponseStream.ReadAllAsync())
            if (e.EventCase == ImportEvent.EventOneofCase.Result) result = e.Result;

        Assert.Equal(new Dictionary<string, long> { ["airplane"] = 1, ["cat"] = 2, ["truck"] = 1 }, result!.ClassCounts);
        var cat = (await box.StreamAsync("cifar")).Single(s => s.Source == "data_batch_1.bin#1");
        Assert.Equal(("cat", 32, 32, 3), (cat.ClassName, cat.Width, cat.Height, cat.Channels));
        var pixels = cat.Data.ToByteArray();
        Assert.Equal(new byte[] { 11, 5, 199 }, pixels[15..18]); // pixel 5: R = record + 10, G = p, B = 200 - record
    }

    [Fact]
    public async Task A_cifar_meta_file_linked_out_of_the_roots_is_not_read()
    {
        await using var box = new IngestionSandbox();
        var batch = box.WriteFile("cifar/data_batch_1.bin", CifarRecords(false, 0, (0, 0), (0, 3)));
        var outside = Path.Combine(box.Root, "names-outside.txt");
        File.WriteAllLines(outside, Enumerable.Range(0, 10).Select(i => $"secret{i}"));
        File.CreateSymbolicLink(Path.Combine(box.Inbox, "cifar", "batches.meta.txt"), outside);
        ImportResult? result = null;
        await foreach (var e in box.Client.ImportCifar(new ImportCifarRequest
        {
            Options = new ImportOptions { Dataset = "meta", Split = new SplitFractions { Train = 1 } }, Paths = { batch },
        }).ResponseStream.ReadAllAsync())
            if (e.EventCase == ImportEvent.EventOneofCase.Result) result = e.Result;

        Assert.Equal(new Dictionary<string, long> { ["airplane"] = 1, ["cat"] = 1 }, result!.ClassCounts);
    }

    [Fact]
    public async Task Cifar100_uses_fine_labels_or_coarse_ones_when_asked()
    {
        await using var box = new IngestionSandbox();
        var path = box.WriteFile("c100/train.bin", CifarRecords(true, 0, (1, 42), (1, 7), (19, 7)));
        async Task<ImportResult> Import(string dataset, bool coarse)
        {
            ImportResult? result = null;
            await foreach (var e in box.Client.ImportCifar(new ImportCifarRequest
            {
                Options = new ImportOptions { Dataset = dataset }, Paths = { path }, UseCoarseLabels = coarse,
            }).ResponseStream.ReadAllAsync())
                if (e.EventCase == ImportEvent.EventOneofCase.Result) result = e.Result;
            return result!;
        }
        Assert.Equal(new Dictionary<string, long> { ["07"] = 2, ["42"] = 1 }, (await Import("fine", false)).ClassCounts);
        Assert.Equal(new Dictionary<string, long> { ["01"] = 2, ["19"] = 1 }, (await Import("coarse", true)).ClassCounts);
    }
}
