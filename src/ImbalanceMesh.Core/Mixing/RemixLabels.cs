namespace ImbalanceMesh.Core.Mixing;

/// <summary>
/// Remix (Chou et al. 2020): the pixels mix with λ as before, but the label of sample i mixed with partner j is
/// λ_y = 0 when n_i/n_j ≥ κ and λ &lt; τ (i is the majority and contributes little: the label is j's),
/// λ_y = 1 when n_i/n_j ≤ 1/κ and 1 − λ &lt; τ (i is the minority and dominates), otherwise λ.
/// n are the training-split class counts.
/// </summary>
public static class RemixLabels
{
    public static MixDecision[] Apply(MixDecision[] decisions, ReadOnlySpan<int> labels, IReadOnlyList<long> classCounts,
        double kappa, double tau)
    {
        if (labels.Length != decisions.Length) throw new ArgumentException("one decision per label is needed");
        if (!(kappa >= 1)) throw new ArgumentOutOfRangeException(nameof(kappa), "Remix κ must be >= 1");
        if (!(tau is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(tau), "Remix τ must be in [0, 1]");
        var result = new MixDecision[decisions.Length];
        for (var i = 0; i < decisions.Length; i++)
        {
            var d = decisions[i];
            result[i] = d;
            if (d.Kind == MixKind.None) continue;
            var own = classCounts[labels[i]];
            var partner = classCounts[labels[d.Partner]];
            if (own <= 0 || partner <= 0) continue;
            var ratio = (double)own / partner;
            if (ratio >= kappa && d.Lambda < tau) result[i] = d with { LabelWeight = 0 };
            else if (ratio <= 1 / kappa && 1 - d.Lambda < tau) result[i] = d with { LabelWeight = 1 };
        }
        return result;
    }
}
