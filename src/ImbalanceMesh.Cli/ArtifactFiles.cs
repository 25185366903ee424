using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Storage;

namespace ImbalanceMesh.Cli;

public static class ArtifactFiles
{
    /// <summary>
    /// Writes a streamed artifact into a directory (temp file, then rename) and returns its full path. The name the
    /// service sends wins over <paramref name="fallbackName"/>.
    /// </summary>
    public static async Task<string> SaveAsync(IAsyncStreamReader<ArtifactChunk> chunks, string directory,
        string fallbackName, CancellationToken ct)
    {
        await using var file = PendingFile.In(directory);
        var name = fallbackName;
        await foreach (var chunk in chunks.ReadAllAsync(ct))
        {
            if (!string.IsNullOrEmpty(chunk.FileName)) name = Path.GetFileName(chunk.FileName);
            await file.Stream.WriteAsync(chunk.Data.Memory, ct);
        }
        var path = Path.GetFullPath(Path.Combine(directory, name));
        file.Commit(path);
        return path;
    }
}
