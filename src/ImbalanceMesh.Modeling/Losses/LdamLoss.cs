using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Losses;

/// <summary>
/// LDAM (Cao et al. 2019): class margin m_k = C / n_k^{1/4}, scaled so the largest is maxMargin; the target logits are
/// lowered by their margin (for soft targets in proportion to the target mass: z − t ⊙ m), then scaled by s and fed to
/// cross-entropy. Deferred re-weighting (DRW): from drwStartEpoch on, the CE uses the given class weights
/// (effective-number weights in the paper); before it, none.
/// </summary>
public sealed class LdamLoss : ImbalanceLoss
{
    private readonly double[] margins;
    private readonly double scale;
    private readonly IReadOnlyList<double>? deferredWeights;
    private readonly int drwStartEpoch;

    public LdamLoss(int classes, IReadOnlyList<long> classCounts, double maxMargin, double scale,
        IReadOnlyList<double>? deferredWeights, int drwStartEpoch, double labelSmoothing = 0)
        : base(classes, labelSmoothing)
    {
        if (classCounts.Count != classes)
            throw new ArgumentException($"class counts have {classCounts.Count} entries but the model has {classes} classes");
        if (classCounts.Any(c => c <= 0)) throw new ArgumentException("every class needs at least one training sample for LDAM");
        if (maxMargin <= 0) throw new ArgumentException($"LDAM max margin must be > 0, got {maxMargin}", nameof(maxMargin));
        if (scale <= 0) throw new ArgumentException($"LDAM scale must be > 0, got {scale}", nameof(scale));
        RequirePerClass(deferredWeights, "DRW class weights");
        var raw = classCounts.Select(c => 1.0 / Math.Pow(c, 0.25)).ToArray();
        var largest = raw.Max();
        margins = raw.Select(m => m * maxMargin / largest).ToArray();
        this.scale = scale;
        this.deferredWeights = deferredWeights;
        this.drwStartEpoch = drwStartEpoch;
    }

    public IReadOnlyList<double> Margins => margins;

    protected override Tensor ComputeSoft(Tensor logits, Tensor targets, int epoch)
    {
        var adjusted = (logits - targets * PerClassRow(margins, logits)) * scale;
        var weights = deferredWeights is not null && epoch >= drwStartEpoch
            ? PerClassRow(deferredWeights, logits)
            : null;
        return CrossEntropyLoss.WeightedSoftCrossEntropy(adjusted, targets, weights);
    }
}
