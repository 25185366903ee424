using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Runtime;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Transfer;

/// <summary>
/// Loads a torchvision state dict into a backbone with strict name and shape checks, done here before any tensor is
/// copied (PyBridge's own strict mode names no key, and reads a wrongly shaped tensor as a view of the target): every
/// key of the model must be in the file with the same shape and the file may have no other key. The head's
/// <see cref="ITransferNetwork.ReplacedKeys"/> must be present but may have any shape; they are not loaded.
/// </summary>
public static class PretrainedLoader
{
    /// <exception cref="PretrainedWeightsException">The file is unreadable or a key is missing, extra or of another shape.</exception>
    public static void Load(nn.Module<Tensor, Tensor> model, Stream file, string name)
    {
        if (model is not ITransferNetwork network)
            throw new PretrainedWeightsException($"{model.GetName()} has no pretrained form; use one of the torchvision backbones");
        using var fence = TorchGcFence.Enter();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var source = StateDictFile.Read(file, name);
        var target = model.state_dict();
        var architecture = model.GetName();
        foreach (var (key, tensor) in target)
        {
            if (!source.TryGetValue(key, out var found))
                throw new PretrainedWeightsException(
                    $"'{name}' does not fit {architecture}: key '{key}' {Shape(tensor)} is missing (the file has {source.Count} keys, {architecture} {target.Count}; is it another architecture's state dict?)");
            if (!network.ReplacedKeys.Contains(key) && !found.shape.SequenceEqual(tensor.shape))
                throw new PretrainedWeightsException(
                    $"'{name}' does not fit {architecture}: key '{key}' is {Shape(found)} in the file but {architecture} needs {Shape(tensor)}");
        }
        if (source.Keys.Where(k => !target.ContainsKey(k)).Order(StringComparer.Ordinal).FirstOrDefault() is { } extra)
            throw new PretrainedWeightsException(
                $"'{name}' does not fit {architecture}: key '{extra}' {Shape(source[extra])} is not part of {architecture} (the file has {source.Count} keys, {architecture} {target.Count})");
        foreach (var (key, tensor) in target)
        {
            if (!network.ReplacedKeys.Contains(key)) tensor.copy_(source[key]);
        }
    }

    private static string Shape(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}]";
}
