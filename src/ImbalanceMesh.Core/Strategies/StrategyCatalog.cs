namespace ImbalanceMesh.Core.Strategies;

/// <summary>
/// The strategies `imesh sweep` runs by default, in that order: the named single changes (each a one-part composition,
/// an alias), the mixing family on oversampled batches with mix-off, and one entry per decoupling stage, so a sweep
/// compares every family (docs/BENCHMARKS.md, "Strategies", has how each scored).
/// Any composition of <see cref="StrategyComposition"/> may be used where a name is. The alias <c>mixup</c> keeps its
/// meaning (mixup on natural batches) but is not in the default list: on long-tailed digits it scored below ce; its
/// mixing family enters the list on oversampled batches with mixing off for the last epochs.
/// </summary>
public static class StrategyCatalog
{
    public const string Baseline = "ce";

    /// <summary>The augmentation strength a sweep gives every strategy unless told otherwise (imesh sweep --augment).</summary>
    public const string SharedAugmentation = "light";

    public static readonly IReadOnlyList<string> Names =
        [Baseline, "weighted-ce", "oversample", "balanced", "focal", "class-balanced", "logit-adjusted", "ldam-drw",
            "oversample+mixup+mix-off", "oversample+remix+mix-off", "oversample+crt", "ce+tau-norm"];

    public static readonly IReadOnlyList<ImbalanceStrategy> All = [.. Names.Select(StrategyComposition.Parse)];

    /// <summary>A named strategy or any composition; ArgumentException says what is wrong with it.</summary>
    public static ImbalanceStrategy Get(string name) => StrategyComposition.Parse(name);

    /// <summary>
    /// The strategy that carries out a recommendation (sampling, loss, mixup α, augmentation strength): a catalogue
    /// entry when one matches exactly, otherwise a strategy named "recommended" built from the recommendation itself.
    /// Light augmentation is what a sweep gives every strategy; a stronger one becomes the strategy's aug=LEVEL part.
    /// </summary>
    public static ImbalanceStrategy FromRecommendation(string sampling, string loss, double mixupAlpha, string augmentation = SharedAugmentation)
    {
        var stronger = string.IsNullOrEmpty(augmentation) || augmentation == SharedAugmentation ? null : augmentation;
        var recommended = new ImbalanceStrategy("recommended", sampling, loss, mixupAlpha,
            $"the doctor's recommendation: {sampling} sampling, {loss} loss" + (mixupAlpha > 0 ? $", mixup α = {mixupAlpha}" : "") +
            (stronger is null ? "" : $", {stronger} augmentation"))
        {
            Augmentation = stronger,
        };
        var parts = StrategyComposition.Format(recommended);
        return All.FirstOrDefault(s => StrategyComposition.Format(s) == parts) ?? recommended;
    }
}
