using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Losses;

/// <summary>
/// Focal loss (Lin et al. 2017) on soft targets: L = mean_i Σ_k α_k t_ik (1 − p_ik)^γ (−log p_ik).
/// γ = 0 and no α is cross-entropy. Class-balanced loss is this with α = effective-number weights.
/// </summary>
public sealed class FocalLoss : ImbalanceLoss
{
    private readonly double gamma;
    private readonly IReadOnlyList<double>? alpha;

    public FocalLoss(int classes, double gamma, IReadOnlyList<double>? alpha = null, double labelSmoothing = 0)
        : base(classes, labelSmoothing)
    {
        if (gamma < 0 || double.IsNaN(gamma)) throw new ArgumentException($"focal gamma must be >= 0, got {gamma}", nameof(gamma));
        RequirePerClass(alpha, "focal alpha");
        this.gamma = gamma;
        this.alpha = alpha;
    }

    protected override Tensor ComputeSoft(Tensor logits, Tensor targets, int epoch)
    {
        var logProbabilities = nn.functional.log_softmax(logits, 1);
        var perClass = -targets * logProbabilities;
        if (gamma > 0) perClass = perClass * (1 - logProbabilities.exp()).clamp_min(0).pow(gamma);
        if (alpha is not null) perClass = perClass * PerClassRow(alpha, logits);
        return perClass.sum(1).mean();
    }
}
