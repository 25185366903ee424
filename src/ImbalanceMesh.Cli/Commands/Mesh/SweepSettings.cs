using ImbalanceMesh.Contracts;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Strategies;

namespace ImbalanceMesh.Cli.Commands.Mesh;

/// <summary>What every strategy of one sweep shares: data, model (and its pretrained weights), budget, seed and augmentation.</summary>
public sealed record SweepSettings(
    string Dataset,
    string EvalDataset,
    IReadOnlyList<ImbalanceStrategy> Strategies,
    int Epochs,
    long Seed,
    string Model,
    int BatchSize,
    int ImageSize,
    string OutputDirectory,
    PretrainedWeights? Pretrained = null,
    int? FreezeEpochs = null)
{
    /// <summary>Default: the light preset (docs/CLI.md, imesh sweep).</summary>
    public AugmentationSpec Augmentation { get; init; } = AugmentationPresets.Get(StrategyCatalog.SharedAugmentation);
}
