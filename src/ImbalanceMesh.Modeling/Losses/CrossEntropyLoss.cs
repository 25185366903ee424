using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Losses;

/// <summary>
/// Cross-entropy, optionally class-weighted: L = Σ_i Σ_k w_k t_ik (−log p_ik) / Σ_i Σ_k w_k t_ik.
/// With one-hot targets this is PyTorch's weighted mean (Σ_i w_{y_i} ℓ_i / Σ_i w_{y_i}); without weights, the plain mean.
/// </summary>
public sealed class CrossEntropyLoss : ImbalanceLoss
{
    private readonly IReadOnlyList<double>? weights;

    public CrossEntropyLoss(int classes, IReadOnlyList<double>? classWeights = null, double labelSmoothing = 0)
        : base(classes, labelSmoothing)
    {
        RequirePerClass(classWeights, "class weights");
        weights = classWeights;
    }

    protected override Tensor ComputeSoft(Tensor logits, Tensor targets, int epoch) =>
        WeightedSoftCrossEntropy(logits, targets, weights is null ? null : PerClassRow(weights, logits));

    internal static Tensor WeightedSoftCrossEntropy(Tensor logits, Tensor targets, Tensor? weightRow)
    {
        var logProbabilities = nn.functional.log_softmax(logits, 1);
        var mass = weightRow is null ? targets : targets * weightRow;
        return -(mass * logProbabilities).sum() / mass.sum().clamp_min(1e-12);
    }
}
