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

    public bool MixesAnything => (MixupAlpha > 0 || CutMixAlpha > 0) && Probability > 0;
}
