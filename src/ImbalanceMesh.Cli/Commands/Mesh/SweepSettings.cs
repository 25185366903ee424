using ImbalanceMesh.Core.Strategies;

namespace ImbalanceMesh.Cli.Commands.Mesh;

/// <summary>What every strategy of one sweep shares: data, model, budget and seed.</summary>
public sealed record SweepSettings(
    string Dataset,
    string EvalDataset,
    IReadOnlyList<ImbalanceStrategy> Strategies,
    int Epochs,
    long Seed,
    string Model,
    int BatchSize,
    int ImageSize,
    string OutputDirectory);
