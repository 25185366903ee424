using System.Buffers.Binary;
using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Transfer;

/// <summary>
/// Reads a PyTorch state dict from a file torchvision users have: torch.save's zip format (.pth/.pt) or safetensors,
/// told apart by their first bytes, through TorchSharp.PyBridge. Every failure is a PretrainedWeightsException saying
/// what the file is and what was expected; nothing of the file runs (the pickle is read by Razorvine, which builds
/// only data).
/// </summary>
public static class StateDictFile
{
    private static readonly byte[] ZipMagic = "PK\u0003\u0004"u8.ToArray();

    /// <summary>The tensors by key, on the CPU, in the caller's dispose scope.</summary>
    public static Dictionary<string, Tensor> Read(Stream stream, string name)
    {
        if (!stream.CanSeek) throw new ArgumentException("the stream must be seekable", nameof(stream));
        var head = new byte[9];
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        if (read >= ZipMagic.Length && head.AsSpan(0, ZipMagic.Length).SequenceEqual(ZipMagic)) return ReadPickle(stream, name);
        if (read == head.Length && head[8] == (byte)'{')
        {
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(head);
            if (headerLength > (ulong)(stream.Length - 8))
                throw new PretrainedWeightsException($"'{name}' is a truncated safetensors file: its header claims {headerLength} bytes, the file has {stream.Length}");
            return ReadSafetensors(stream, name);
        }
        if (read >= 2 && head[0] == 0x80)
            throw new PretrainedWeightsException($"'{name}' is a legacy (pre-1.6) torch.save pickle; re-save it with torch.save(model.state_dict(), path) from PyTorch 1.6 or later");
        throw new PretrainedWeightsException($"'{name}' is neither a torch.save zip file (.pth) nor a safetensors file ({stream.Length} bytes)");
    }

    private static Dictionary<string, Tensor> ReadPickle(Stream stream, string name)
    {
        Hashtable table;
        try
        {
            table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new PretrainedWeightsException($"'{name}' is not a readable torch.save state dict (truncated or damaged?): {e.Message}", e);
        }
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in table)
        {
            if (entry is not { Key: string key, Value: Tensor tensor })
            {
                foreach (var tensor2 in result.Values) tensor2.Dispose();
                throw new PretrainedWeightsException(
                    $"'{name}' holds '{entry.Key}' = {entry.Value?.GetType().Name ?? "null"}, not a tensor: it is not a state dict (save model.state_dict(), not a training checkpoint or the model)");
            }
            result[key] = tensor;
        }
        return result;
    }

    private static Dictionary<string, Tensor> ReadSafetensors(Stream stream, string name)
    {
        try
        {
            return Safetensors.LoadStateDict(stream, leaveOpen: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new PretrainedWeightsException($"'{name}' is not a readable safetensors file (truncated or damaged?): {e.Message}", e);
        }
    }
}
