using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Models;

/// <summary>
/// A network split as fine-tuning needs it: the pretrained backbone in stages (input side first) and the head trained
/// for the dataset's classes. <see cref="ReplacedKeys"/> are the state-dict keys of the layer whose shape depends on the
/// class count: a pretrained state dict must have them, but their values are not loaded (the head is replaced).
/// </summary>
public interface ITransferNetwork
{
    /// <summary>The backbone's modules, stage by stage from the input (the stem first) towards the head.</summary>
    IReadOnlyList<IReadOnlyList<nn.Module>> BackboneStages { get; }

    nn.Module Head { get; }

    IReadOnlyList<string> ReplacedKeys { get; }
}
