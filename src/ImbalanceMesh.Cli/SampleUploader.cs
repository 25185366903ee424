using Google.Protobuf;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Cli;

/// <summary>
/// Streams files to IngestionService.Upload: the header first, then each file in chunks of at most
/// <see cref="ChunkBytes"/> (its last chunk sets `last`), so a file of any size fits the message limit and the server
/// decides what is too large. A file that cannot be read is not sent; it is added to the result's rejections.
/// </summary>
public static class SampleUploader
{
    public const int ChunkBytes = 1 << 20;

    /// <summary>A file to send; <paramref name="Open"/> may throw IOException or UnauthorizedAccessException.</summary>
    public sealed record UploadItem(string ClassName, string FileName, Func<Stream> Open)
    {
        public static UploadItem FromBytes(string className, string fileName, byte[] bytes) =>
            new(className, fileName, () => new MemoryStream(bytes, writable: false));

        /// <summary>The name the server reports the file under.</summary>
        public string Source => $"{ClassName}/{FileName}";
    }

    public static async Task<ImportResult> UploadAsync(IngestionService.IngestionServiceClient client,
        ImportOptions options, IEnumerable<UploadItem> items, IProgress<int>? progress, CancellationToken ct)
    {
        using var call = client.Upload(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new UploadChunk { Header = options }, ct);
        var unreadable = new List<RejectedFile>();
        var buffer = new byte[ChunkBytes];
        var sent = 0;
        foreach (var item in items)
        {
            try
            {
                await using var stream = item.Open();
                int read;
                do
                {
                    read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
                    await call.RequestStream.WriteAsync(new UploadChunk
                    {
                        File = new UploadFile
                        {
                            ClassName = item.ClassName,
                            FileName = item.FileName,
                            Data = ByteString.CopyFrom(buffer, 0, read),
                            Last = read < buffer.Length,
                        },
                    }, ct);
                } while (read == buffer.Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unreadable.Add(new RejectedFile { File = item.Source, Reason = $"unreadable: {e.Message}" });
            }
            progress?.Report(++sent);
        }
        await call.RequestStream.CompleteAsync();
        var result = await call;
        // A file that failed part-way was sent without its last chunk, so the server calls it truncated: say why instead.
        var failed = unreadable.Select(r => r.File).ToHashSet(StringComparer.Ordinal);
        var serverSide = result.Rejected.Where(r => !failed.Contains(r.File)).ToList();
        result.Rejected.Clear();
        result.Rejected.Add(serverSide);
        result.Rejected.Add(unreadable);
        return result;
    }
}
