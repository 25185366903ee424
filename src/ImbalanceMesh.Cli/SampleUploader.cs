using Google.Protobuf;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Cli;

/// <summary>Streams (class, file name, bytes) to IngestionService.Upload: the header first, then one message a file.</summary>
public static class SampleUploader
{
    public sealed record UploadItem(string ClassName, string FileName, byte[] Bytes);

    public static async Task<ImportResult> UploadAsync(IngestionService.IngestionServiceClient client,
        ImportOptions options, IEnumerable<UploadItem> items, IProgress<int>? progress, CancellationToken ct)
    {
        using var call = client.Upload(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new UploadChunk { Header = options }, ct);
        var sent = 0;
        foreach (var item in items)
        {
            await call.RequestStream.WriteAsync(new UploadChunk
            {
                File = new UploadFile
                {
                    ClassName = item.ClassName,
                    FileName = item.FileName,
                    Data = ByteString.CopyFrom(item.Bytes),
                    Last = true,
                },
            }, ct);
            progress?.Report(++sent);
        }
        await call.RequestStream.CompleteAsync();
        return await call;
    }
}
