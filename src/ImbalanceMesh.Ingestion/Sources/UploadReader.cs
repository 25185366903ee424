using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Decoding;
using ImbalanceMesh.Ingestion.Importing;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Ingestion.Sources;

/// <summary>
/// Turns the Upload stream into import items. The first message must be the header; then files arrive as chunks of
/// (class, file name, bytes), a file's last chunk setting `last`. Chunks of different files may interleave. A file
/// over the size limit is dropped as it arrives (its bytes are not kept); a file whose last chunk never comes is rejected.
/// </summary>
public sealed class UploadReader(IAsyncStreamReader<UploadChunk> stream, long maxFileBytes)
{
    public async Task<ImportOptions> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        if (!await stream.MoveNext(cancellationToken) || stream.Current.BodyCase != UploadChunk.BodyOneofCase.Header)
            throw MeshException.Invalid("An upload must start with a header message (dataset, split, seed).");
        return stream.Current.Header;
    }

    public async IAsyncEnumerable<ImportItem> ReadFilesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var open = new Dictionary<(string, string), (MemoryStream? Data, long Length)>();
        while (await stream.MoveNext(cancellationToken))
        {
            if (stream.Current.BodyCase != UploadChunk.BodyOneofCase.File)
                throw MeshException.Invalid("Only the first upload message may be a header; the rest must be files.");
            var file = stream.Current.File;
            var key = (file.ClassName, file.FileName);
            var source = $"{file.ClassName}/{file.FileName}";
            var (data, length) = open.TryGetValue(key, out var existing) ? existing : (new MemoryStream(), 0L);
            length += file.Data.Length;
            if (length > maxFileBytes) data = null;
            else data!.Write(file.Data.Span);
            if (!file.Last)
            {
                open[key] = (data, length);
                continue;
            }
            open.Remove(key);
            var problem = ClassNames.Problem(file.ClassName);
            yield return data is null
                ? Rejected(file.ClassName, source, $"{DecodeFailure.TooLarge.Code()}: {length:N0} bytes exceed the limit of {maxFileBytes:N0}")
                : problem is not null
                    ? Rejected(file.ClassName, source, $"bad-class-name: {problem}")
                    : ImportItem.FromBytes(file.ClassName, source, data.ToArray());
        }
        foreach (var ((className, fileName), _) in open)
            yield return Rejected(className, $"{className}/{fileName}", "truncated: the upload ended before the file's last chunk");
    }

    private static ImportItem Rejected(string className, string source, string reason) =>
        new(className, source, null, () => []) { PreRejection = reason };
}
