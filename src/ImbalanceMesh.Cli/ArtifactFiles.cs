using Grpc.Core;
using ImbalanceMesh.Contracts.V1;

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
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Guid.NewGuid():N}.part");
        var name = fallbackName;
        await using (var file = File.Create(temp))
        {
            await foreach (var chunk in chunks.ReadAllAsync(ct))
            {
                if (!string.IsNullOrEmpty(chunk.FileName)) name = Path.GetFileName(chunk.FileName);
                chunk.Data.WriteTo(file);
            }
        }
        var path = Path.GetFullPath(Path.Combine(directory, name));
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
