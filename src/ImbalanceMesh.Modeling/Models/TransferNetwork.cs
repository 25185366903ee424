using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Models;

/// <summary>
/// A classifier split into its feature stages and its head, as freezing needs it (<see cref="Transfer.FineTuning"/>):
/// fine-tuning freezes the backbone, decoupling (cRT, τ-norm) everything but <see cref="Classifier"/>, the last linear
/// layer (the head itself for every model but vgg16, whose head is three linear layers).
/// </summary>
public interface IStagedNetwork
{
    /// <summary>The backbone's modules, stage by stage from the input (the stem first) towards the head.</summary>
    IReadOnlyList<IReadOnlyList<nn.Module>> BackboneStages { get; }

    nn.Module Head { get; }

    Linear Classifier { get; }
}

/// <summary>
/// A torchvision backbone: <see cref="ReplacedKeys"/> are the state-dict keys of the layer whose shape depends on the
/// class count: a pretrained state dict must have them, but their values are not loaded (the head is replaced).
/// </summary>
public interface ITransferNetwork : IStagedNetwork
{
    IReadOnlyList<string> ReplacedKeys { get; }
}
