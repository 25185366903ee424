using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Core.Mixing;

namespace ImbalanceMesh.Core.Tests.Mixing;

public sealed class RemixLabelsTests
{
    // Class 0: 300 samples, class 1: 100 (ratio exactly κ = 3), class 2: 250 (ratio 1.2 to class 0).
    private static readonly long[] Counts = [300, 100, 250];

    private static MixDecision Mix(int partner, double lambda) => new(MixKind.Mixup, partner, lambda, default);

    [Fact]
    public void The_label_goes_to_the_minority_partner_when_the_counts_differ_by_kappa()
    {
        // sample 0 (majority, class 0) mixed with λ = 0.3 < τ into sample 1 (class 1): label all class 1.
        // sample 1 (minority) mixed with λ = 0.6, so 1 − λ = 0.4 < τ: label all its own class.
        // sample 2 (class 2) with class 0 partner: ratio 1.2 < κ, label stays λ.
        MixDecision[] decisions = [Mix(1, 0.3), Mix(0, 0.6), Mix(0, 0.3), MixDecision.Unmixed(3)];
        int[] labels = [0, 1, 2, 1];
        var remixed = RemixLabels.Apply(decisions, labels, Counts, kappa: 3, tau: 0.5);
        Assert.Equal([0.0, 1.0, 0.3, 1.0], remixed.Select(d => d.LabelLambda));
        Assert.Equal(decisions.Select(d => d.Lambda), remixed.Select(d => d.Lambda));

        var rows = SoftLabels.Build(labels, remixed, 3, 0);
        Assert.Equal([0f, 1f, 0f], rows[..3]);
        Assert.Equal([0f, 1f, 0f], rows[3..6]);
        Assert.Equal(0.7f, rows[6], 5);
        Assert.Equal(0.3f, rows[8], 5);
    }

    [Fact]
    public void A_majority_sample_that_dominates_the_mix_keeps_the_mixup_label()
    {
        // λ = 0.7 ≥ τ for the majority sample; 1 − λ = 0.6 ≥ τ for the minority one: both stay λ.
        var remixed = RemixLabels.Apply([Mix(1, 0.7), Mix(0, 0.4)], [0, 1], Counts, 3, 0.5);
        Assert.Equal([0.7, 0.4], remixed.Select(d => d.LabelLambda));
    }

    [Fact]
    public void Mixing_is_off_for_the_plans_last_epochs()
    {
        var options = new MixOptions(MixupAlpha: 0.2) { OffLastEpochs = 2 };
        Assert.Equal([true, true, true, false, false], Enumerable.Range(0, 5).Select(e => options.MixesAt(e, 5)));
        Assert.False(MixOptions.Off.MixesAt(0, 5));
    }

    [Fact]
    public void Bad_kappa_or_tau_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RemixLabels.Apply([Mix(0, 0.5)], [0], Counts, 0.5, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RemixLabels.Apply([Mix(0, 0.5)], [0], Counts, 3, 1.5));
    }
}
