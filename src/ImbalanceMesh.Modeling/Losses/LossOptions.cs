namespace ImbalanceMesh.Modeling.Losses;

/// <summary>
/// Everything a loss may need. Class weights are computed elsewhere (the statistics service, by rule) and passed in:
/// ClassWeights for weighted-ce, EffectiveNumberWeights for class-balanced and the DRW phase of ldam-drw.
/// </summary>
public sealed record LossOptions
{
    public required string Name { get; init; }
    public required int Classes { get; init; }
    public IReadOnlyList<long>? ClassCounts { get; init; }
    public IReadOnlyList<double>? ClassWeights { get; init; }
    public IReadOnlyList<double>? EffectiveNumberWeights { get; init; }
    public double FocalGamma { get; init; } = 2;
    public IReadOnlyList<double>? FocalAlpha { get; init; }
    public double Tau { get; init; } = 1;
    public double LdamMaxMargin { get; init; } = 0.5;
    public double LdamScale { get; init; } = 1;
    public int DrwStartEpoch { get; init; }
    /// <summary>ce only: re-weight by EffectiveNumberWeights from DrwStartEpoch on.</summary>
    public bool DeferredReweighting { get; init; }
    public double LabelSmoothing { get; init; }
}
