namespace ImbalanceMesh.Modeling.Losses;

public static class LossFactory
{
    public static IReadOnlyList<string> Names { get; } =
        ["ce", "weighted-ce", "focal", "class-balanced", "logit-adjusted", "balanced-softmax", "ldam-drw"];

    /// <summary>True when the loss needs per-class training counts (and so the dataset statistics).</summary>
    public static bool NeedsClassCounts(string name) => name is "logit-adjusted" or "balanced-softmax" or "ldam-drw";

    /// <summary>Builds the loss; ArgumentException with a usable message when a required input is missing or wrong.</summary>
    public static ImbalanceLoss Create(LossOptions options) => options.Name switch
    {
        "ce" when options.DeferredReweighting => new DeferredReweightedLoss(options.Classes,
            options.EffectiveNumberWeights ?? throw new ArgumentException("ce with deferred re-weighting needs effective-number weights"),
            options.DrwStartEpoch, options.LabelSmoothing),
        "ce" => new CrossEntropyLoss(options.Classes, null, options.LabelSmoothing),
        "weighted-ce" => new CrossEntropyLoss(options.Classes,
            options.ClassWeights ?? throw new ArgumentException("weighted-ce needs class weights"), options.LabelSmoothing),
        "focal" => new FocalLoss(options.Classes, options.FocalGamma, options.FocalAlpha, options.LabelSmoothing),
        "class-balanced" => new FocalLoss(options.Classes, 0,
            options.EffectiveNumberWeights ?? throw new ArgumentException("class-balanced needs effective-number weights"),
            options.LabelSmoothing),
        "logit-adjusted" => new LogitAdjustedLoss(options.Classes, Counts(options), options.Tau, options.LabelSmoothing),
        "balanced-softmax" => new LogitAdjustedLoss(options.Classes, Counts(options), 1, options.LabelSmoothing),
        "ldam-drw" => new LdamLoss(options.Classes, Counts(options), options.LdamMaxMargin, options.LdamScale,
            options.EffectiveNumberWeights, options.DrwStartEpoch, options.LabelSmoothing),
        _ => throw new ArgumentException($"unknown loss '{options.Name}'; use one of: {string.Join(", ", Names)}"),
    };

    private static IReadOnlyList<long> Counts(LossOptions options) =>
        options.ClassCounts ?? throw new ArgumentException($"{options.Name} needs the per-class training counts");
}
