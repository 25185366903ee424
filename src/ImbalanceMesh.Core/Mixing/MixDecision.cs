namespace ImbalanceMesh.Core.Mixing;

/// <summary>
/// What happens to one batch sample: mixed with <paramref name="Partner"/> (an index in the same batch) with weight
/// <paramref name="Lambda"/> on the sample itself. Unmixed samples have Kind None, Lambda 1 and themselves as partner.
/// </summary>
public readonly record struct MixDecision(MixKind Kind, int Partner, double Lambda, CutBox Box)
{
    /// <summary>The label's weight on the sample itself when it differs from the pixels' (Remix); null = Lambda.</summary>
    public double? LabelWeight { get; init; }

    public double LabelLambda => LabelWeight ?? Lambda;

    public static MixDecision Unmixed(int self) => new(MixKind.None, self, 1.0, default);
}
