namespace ImbalanceMesh.Core.Sampling;

/// <summary>Everything the sampler needs besides the labels and the seed.</summary>
/// <param name="TargetRatio">Oversample / undersample: minority ÷ majority after sampling, in (0, 1].</param>
/// <param name="ClassWeights">Weighted sampling: one weight per class index (≥ 0, not all 0).</param>
/// <param name="StepsPerEpoch">0 = derived from the policy.</param>
/// <param name="DropLast">Without it a last partial batch is kept; with it, it is dropped.</param>
/// <param name="RareClasses">Rare-plus-slice: class indices treated as rare; empty = classes below the median count.</param>
/// <param name="RareCopies">Rare-plus-slice: how many times each rare image appears per pass (all as augmented copies);
/// the common slice of a pass has as many images as the rare copies (capped by the common pool).</param>
/// <param name="MaxSamples">Policy none: a fixed stratified subset of at most this many samples (0 = all); see
/// <see cref="StratifiedSubset"/>.</param>
public sealed record SamplingOptions(
    SamplingPolicyKind Policy,
    int BatchSize,
    double TargetRatio = 1.0,
    IReadOnlyList<double>? ClassWeights = null,
    int StepsPerEpoch = 0,
    bool DropLast = false,
    IReadOnlyList<int>? RareClasses = null,
    int RareCopies = 1,
    int MaxSamples = 0);
