namespace ImbalanceMesh.Core.Mixing;

/// <param name="MixupAlpha">Beta(α, α) for mixup; 0 = off.</param>
/// <param name="CutMixAlpha">Beta(α, α) for CutMix; 0 = off.</param>
/// <param name="Probability">Chance that a sample is mixed at all.</param>
/// <param name="SwitchProbability">When both are on: chance of CutMix instead of mixup.</param>
/// <param name="LabelSmoothing">ε: soft labels become (1−ε)·y + ε/K.</param>
public sealed record MixOptions(
    double MixupAlpha = 0,
    double CutMixAlpha = 0,
    double Probability = 1,
    double SwitchProbability = 0.5,
    double LabelSmoothing = 0)
{
    public static readonly MixOptions Off = new();

    /// <summary>Remix labels (<see cref="RemixLabels"/>) with these κ and τ; off when Remix is false.</summary>
    public bool Remix { get; init; }
    public double RemixKappa { get; init; } = 3;
    public double RemixTau { get; init; } = 0.5;

    /// <summary>The last this-many epochs of the plan are not mixed (mixup underfits on short budgets).</summary>
    public int OffLastEpochs { get; init; }

    public bool MixesAnything => (MixupAlpha > 0 || CutMixAlpha > 0) && Probability > 0;

    /// <summary>Whether epoch (0-based) of a plan of <paramref name="epochs"/> epochs is mixed at all.</summary>
    public bool MixesAt(int epoch, int epochs) => MixesAnything && epoch < epochs - OffLastEpochs;
}
