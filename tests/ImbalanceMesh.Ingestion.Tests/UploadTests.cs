using Google.Protobuf;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Tests.Decoding;
using ImbalanceMesh.Ingestion.Tests.Support;

namespace ImbalanceMesh.Ingestion.Tests;

public sealed class UploadTests
{
    private static UploadChunk File(string cls, string name, byte[] data, bool last = true) =>
        new() { File = new UploadFile { ClassName = cls, FileName = name, Data = ByteString.CopyFrom(data), Last = last } };

    [Fact]
    public async Task Upload_takes_files_in_chunks_and_rejects_bad_and_unfinished_ones()
    {
        await using var box = new IngestionSandbox();
        var big = TestImages.Png(40, 40, 7);
        using var call = box.Client.Upload();
        await call.RequestStream.WriteAsync(new UploadChunk { Header = new ImportOptions { Dataset = "up", Split = new SplitFractions { Train = 1 } } });
        await call.RequestStream.WriteAsync(File("a", "split.png", big[..100], last: false));
        await call.RequestStream.WriteAsync(File("b", "whole.png", TestImages.Png(8, 8, 8)));
        await call.RequestStream.WriteAsync(File("a", "split.png", big[100..]));
        await call.RequestStream.WriteAsync(File("b", "bad.png", TestImages.Text()));
        await call.RequestStream.WriteAsync(File("b", "never-finished.png", big[..50], last: false));
        await call.RequestStream.CompleteAsync();
        var result = await call;

        Assert.Equal((1, 2L), (result.Version, result.Imported));
        Assert.Equal(new Dictionary<string, string> { ["b/bad.png"] = "not-an-image", ["b/never-finished.png"] = "truncated" },
            result.Rejected.ToDictionary(r => r.File, r => r.Reason.Split(':')[0]));
        var stored = (await box.StreamAsync("up", format: SampleFormat.Original)).Single(s => s.Source == "a/split.png");
        Assert.Equal(big, stored.Data.ToByteArray());
    }

    [Fact]
    public async Task Upload_without_a_header_is_refused()
    {
        await using var box = new IngestionSandbox();
        using var call = box.Client.Upload();
        await call.RequestStream.WriteAsync(File("a", "x.png", TestImages.Png()));
        await call.RequestStream.CompleteAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("header", error.Status.Detail);
    }
}
