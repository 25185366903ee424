namespace ImbalanceMesh.Core.Strategies;

/// <summary>
/// The named strategies `imesh sweep` runs by default, in that order: each is a one-part composition (an alias), and
/// any composition of <see cref="StrategyComposition"/> may be used where a name is.
/// </summary>
public static class StrategyCatalog
{
    public const string Baseline = "ce";

    public static readonly IReadOnlyList<string> Names =
        [Baseline, "weighted-ce", "oversample", "balanced", "mixup", "focal", "class-balanced", "logit-adjusted", "ldam-drw"];

    public static readonly IReadOnlyList<ImbalanceStrategy> All = [.. Names.Select(StrategyComposition.Parse)];

    /// <summary>A named strategy or any composition; ArgumentException says what is wrong with it.</summary>
    public static ImbalanceStrategy Get(string name) => StrategyComposition.Parse(name);

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
