namespace ImbalanceMesh.Core.Strategies;

/// <summary>The named strategies `imesh sweep` knows, in the order it runs them.</summary>
public static class StrategyCatalog
{
    public const string Baseline = "ce";

    public static readonly IReadOnlyList<ImbalanceStrategy> All =
    [
        new(Baseline, "none", "ce", 0, "plain cross-entropy on the natural distribution (the baseline)"),
        new("weighted-ce", "none", "weighted-ce", 0, "cross-entropy weighted by balanced class weights n/(k·n_c)"),
        new("oversample", "oversample", "ce", 0, "rare classes repeated as augmented copies up to the majority count"),
        new("balanced", "balanced", "ce", 0, "every batch holds the same number of images of each class"),
        new("mixup", "none", "ce", 0.2, "mixup with λ ~ Beta(0.2, 0.2) and soft labels"),
        new("focal", "none", "focal", 0, "focal loss, γ = 2"),
        new("class-balanced", "none", "class-balanced", 0, "class-balanced loss by effective number, β = 0.999"),
        new("logit-adjusted", "none", "logit-adjusted", 0, "logit-adjusted cross-entropy, τ = 1"),
        new("ldam-drw", "none", "ldam-drw", 0, "LDAM margins with deferred re-weighting"),
    ];

    public static ImbalanceStrategy Get(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException(
            $"Unknown strategy '{name}'. Known strategies: {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));

    /// <summary>
    /// The strategy that carries out a recommendation (sampling, loss, mixup α): a catalogue entry when one matches
    /// exactly, otherwise a strategy named "recommended" built from the recommendation itself.
    /// </summary>
    public static ImbalanceStrategy FromRecommendation(string sampling, string loss, double mixupAlpha) =>
        All.FirstOrDefault(s => s.Sampling == sampling && s.Loss == loss && s.MixupAlpha.Equals(mixupAlpha))
        ?? new ImbalanceStrategy("recommended", sampling, loss, mixupAlpha,
            $"the doctor's recommendation: {sampling} sampling, {loss} loss" +
            (mixupAlpha > 0 ? $", mixup α = {mixupAlpha}" : ""));
}
