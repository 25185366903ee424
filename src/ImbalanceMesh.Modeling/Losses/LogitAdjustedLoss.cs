using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Losses;

/// <summary>
/// Logit-adjusted cross-entropy (Menon et al. 2021): CE on z_k + τ·log π_k, π = training class priors.
/// τ = 1 is balanced softmax (Ren et al. 2020). Prediction uses the raw logits, which removes the prior.
/// </summary>
public sealed class LogitAdjustedLoss : ImbalanceLoss
{
    private readonly double[] adjustment;

    public LogitAdjustedLoss(int classes, IReadOnlyList<long> classCounts, double tau, double labelSmoothing = 0)
        : base(classes, labelSmoothing)
    {
        if (classCounts.Count != classes)
            throw new ArgumentException($"class counts have {classCounts.Count} entries but the model has {classes} classes");
        if (classCounts.Any(c => c <= 0)) throw new ArgumentException("every class needs at least one training sample for logit adjustment");
        if (tau < 0 || double.IsNaN(tau)) throw new ArgumentException($"tau must be >= 0, got {tau}", nameof(tau));
        double total = classCounts.Sum();
        adjustment = classCounts.Select(c => tau * Math.Log(c / total)).ToArray();
    }

    protected override Tensor ComputeSoft(Tensor logits, Tensor targets, int epoch) =>
        CrossEntropyLoss.WeightedSoftCrossEntropy(logits + PerClassRow(adjustment, logits), targets, null);
}
