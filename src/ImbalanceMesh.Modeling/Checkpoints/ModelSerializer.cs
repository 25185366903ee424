using ImbalanceMesh.Modeling.Runtime;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Checkpoints;

/// <summary>Model weights in TorchSharp's own format (module.save / module.load), as bytes.</summary>
public static class ModelSerializer
{
    public static byte[] Save(nn.Module model)
    {
        using var fence = TorchGcFence.Enter();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) model.save(writer);
        return stream.ToArray();
    }

    /// <summary>Loads weights saved by Save into a model of the same architecture (strict: every parameter must match).</summary>
    public static void Load(nn.Module model, byte[] weights)
    {
        using var stream = new MemoryStream(weights, writable: false);
        using var reader = new BinaryReader(stream);
        using var fence = TorchGcFence.Enter();
        try
        {
            model.load(reader, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"the checkpoint does not fit the model described by its card: {e.Message}", e);
        }
    }
}
