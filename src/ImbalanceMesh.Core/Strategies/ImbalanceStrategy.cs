namespace ImbalanceMesh.Core.Strategies;

/// <summary>
/// One way of training on imbalanced data: a composition of how batches are sampled, which loss is used, whether and
/// how samples are mixed, how strongly they are augmented, and what changes over the epochs (docs/TRAINING.md,
/// "Strategies"). Every strategy of a sweep gets the same model, budget, seed and the sweep's augmentation unless its
/// composition names a strength (aug=LEVEL).
/// </summary>
/// <param name="Name">The composition as written, e.g. <c>oversample+logit-adjusted</c> (a named strategy is one part).</param>
/// <param name="Sampling">none | weighted | oversample | undersample | balanced</param>
/// <param name="Loss">ce | weighted-ce | focal | class-balanced | logit-adjusted | balanced-softmax | ldam-drw</param>
/// <param name="MixupAlpha">0 = no mixup</param>
public sealed record ImbalanceStrategy(string Name, string Sampling, string Loss, double MixupAlpha, string Summary)
{
    /// <summary>0 = no CutMix.</summary>
    public double CutMixAlpha { get; init; }

    /// <summary>Remix labels (Chou et al. 2020) on the mixed samples.</summary>
    public bool Remix { get; init; }

    /// <summary>Deferred re-weighting of the cross-entropy (Cao et al. 2019) with effective-number weights.</summary>
    public bool DeferredReweighting { get; init; }

    /// <summary>0-based epoch from which DRW re-weights; null = the service default (0.8 × epochs).</summary>
    public int? DrwStartEpoch { get; init; }

    /// <summary>Epochs at the end trained without mixing; null = none, or the default when the part is given bare.</summary>
    public int? MixOffLastEpochs { get; init; }

    /// <summary>none | light | medium | strong (StrategyParts.Augmentations); null = the augmentation the spec or sweep gives.</summary>
    public string? Augmentation { get; init; }

    /// <summary>A second stage after the job's epochs: crt | tau-norm (DecouplingStages), null = none.</summary>
    public string? Decoupling { get; init; }

    /// <summary>crt's classifier epochs; null = the default (a fifth of the job's epochs).</summary>
    public int? DecouplingEpochs { get; init; }

    /// <summary>tau-norm's τ; null = chosen on the validation split.</summary>
    public double? DecouplingTau { get; init; }

    public bool Mixes => MixupAlpha > 0 || CutMixAlpha > 0;
}
