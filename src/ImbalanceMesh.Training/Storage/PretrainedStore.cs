using System.Security.Cryptography;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Storage;
using ImbalanceMesh.Training.Configuration;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Training.Storage;

/// <summary>
/// Pretrained state dicts by content, DataRoot/pretrained/SHA256: uploaded (UploadPretrained) or copied from a path
/// below Training:AllowedRoots when a job names one, so a job keeps the exact bytes it started from even if the
/// original file changes. Each file is written through a PendingFile (complete or absent) and is at most
/// Training:MaxPretrainedBytes, refused by its size before a byte is read when given by path.
/// </summary>
public sealed class PretrainedStore(IOptions<TrainingOptions> options)
{
    private readonly string _root = Path.Combine(options.Value.FullDataRoot, "pretrained");
    private readonly long _maxBytes = options.Value.MaxPretrainedBytes;
    private readonly AllowedRoots _roots = new(options.Value.AllowedRoots);

    public async Task<PretrainedWeights> UploadAsync(IAsyncStreamReader<PretrainedChunk> chunks, CancellationToken ct)
    {
        await using var file = PendingFile.In(_root);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var name = "";
        long bytes = 0;
        await foreach (var chunk in chunks.ReadAllAsync(ct))
        {
            if (name.Length == 0 && chunk.FileName.Length > 0) name = Path.GetFileName(chunk.FileName);
            bytes += chunk.Data.Length;
            if (bytes > _maxBytes) throw TooLarge(name.Length > 0 ? name : "the upload", $"more than {_maxBytes} bytes were sent");
            hash.AppendData(chunk.Data.Span);
            await file.Stream.WriteAsync(chunk.Data.Memory, ct);
        }
        if (bytes == 0) throw MeshException.Invalid("the upload was empty; send the bytes of a .pth or .safetensors state dict");
        return Commit(file, hash, name, bytes);
    }

    /// <summary>Copies a file below Training:AllowedRoots into the store (links resolved, size checked first).</summary>
    public PretrainedWeights Import(string path)
    {
        var name = Path.GetFileName(path);
        FileStream source;
        try
        {
            source = ContainedFile.OpenRead(_roots, path);
        }
        catch (PathDeniedException e)
        {
            throw MeshException.Denied($"pretrained.path: {e.Message}. The training service reads only below Training:AllowedRoots; set it on the service, or upload the file (imesh train --pretrained FILE)");
        }
        catch (IOException e) when (!File.Exists(_roots.Resolve(path).RealPath))
        {
            throw MeshException.NotFound($"pretrained.path '{path}' does not exist on the training service's machine ({e.Message})");
        }
        catch (IOException e)
        {
            throw MeshException.Precondition($"pretrained.path '{path}' cannot be read: {e.Message}");
        }
        using (source)
        {
            if (source.Length > _maxBytes) throw TooLarge(name, $"it has {source.Length} bytes");
            if (source.Length == 0) throw MeshException.Precondition($"pretrained.path '{path}' is empty");
            using var file = PendingFile.In(_root);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            int read;
            while ((read = source.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                file.Stream.Write(buffer, 0, read);
            }
            return Commit(file, hash, name, source.Length);
        }
    }

    /// <summary>The stored file; FAILED_PRECONDITION when nothing with that SHA-256 was uploaded.</summary>
    public FileStream Open(string sha256)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
            throw MeshException.Precondition($"no pretrained weights with SHA-256 {sha256} were uploaded to this training service; upload them with UploadPretrained (imesh train --pretrained FILE) or give pretrained.path");
        return File.OpenRead(path);
    }

    private PretrainedWeights Commit(PendingFile file, IncrementalHash hash, string name, long bytes)
    {
        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        file.Commit(PathOf(sha256));
        return new PretrainedWeights { Sha256 = sha256, FileName = name, Bytes = bytes };
    }

    private string PathOf(string sha256)
    {
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigitLower))
            throw MeshException.Invalid($"pretrained.sha256 must be 64 lower-case hex digits, got '{sha256}'");
        return Path.Combine(_root, sha256);
    }

    private MeshException TooLarge(string name, string why) =>
        MeshException.Exhausted($"pretrained weights '{name}' are refused: {why}, above Training:MaxPretrainedBytes ({_maxBytes} bytes); raise it on the training service for a larger backbone");
}
