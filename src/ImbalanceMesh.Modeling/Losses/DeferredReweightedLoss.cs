using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Losses;

/// <summary>
/// Cross-entropy with deferred re-weighting (DRW, Cao et al. 2019): plain until <c>startEpoch</c> (0-based), so the
/// features are learnt from the natural distribution, then weighted by the given class weights (effective-number
/// weights in the paper) to move the decision boundary towards the rare classes.
/// </summary>
public sealed class DeferredReweightedLoss : ImbalanceLoss
{
    private readonly IReadOnlyList<double> weights;
    private readonly int startEpoch;

    public DeferredReweightedLoss(int classes, IReadOnlyList<double> deferredWeights, int startEpoch, double labelSmoothing = 0)
        : base(classes, labelSmoothing)
    {
        RequirePerClass(deferredWeights, "DRW class weights");
        if (startEpoch < 0) throw new ArgumentException($"the DRW start epoch must be >= 0, got {startEpoch}", nameof(startEpoch));
        weights = deferredWeights;
        this.startEpoch = startEpoch;
    }

    protected override Tensor ComputeSoft(Tensor logits, Tensor targets, int epoch) =>
        CrossEntropyLoss.WeightedSoftCrossEntropy(logits, targets, epoch >= startEpoch ? PerClassRow(weights, logits) : null);
}
