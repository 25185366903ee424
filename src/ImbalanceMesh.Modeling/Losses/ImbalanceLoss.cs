using static TorchSharp.torch;

namespace ImbalanceMesh.Modeling.Losses;

/// <summary>
/// A classification loss that takes either hard labels (int64 [N]) or soft targets (float [N, K], e.g. from mixup or
/// CutMix). Hard labels become one-hot rows, label smoothing is applied to every target the same way, then the concrete
/// loss works on soft targets only, so one formula serves both.
/// </summary>
public abstract class ImbalanceLoss
{
    protected ImbalanceLoss(int classes, double labelSmoothing)
    {
        if (classes < 2) throw new ArgumentException($"a loss needs at least 2 classes, got {classes}", nameof(classes));
        if (labelSmoothing is < 0 or >= 1)
            throw new ArgumentException($"label smoothing must be in [0, 1), got {labelSmoothing}", nameof(labelSmoothing));
        Classes = classes;
        LabelSmoothing = labelSmoothing;
    }

    public int Classes { get; }
    public double LabelSmoothing { get; }

    /// <summary>Mean loss over the batch as a scalar tensor. epoch matters only for scheduled losses (LDAM-DRW).</summary>
    public Tensor Compute(Tensor logits, Tensor targets, int epoch = 0)
    {
        using var scope = NewDisposeScope();
        var soft = ToSoftTargets(logits, targets);
        return ComputeSoft(logits, soft, epoch).MoveToOuterDisposeScope();
    }

    protected abstract Tensor ComputeSoft(Tensor logits, Tensor targets, int epoch);

    private Tensor ToSoftTargets(Tensor logits, Tensor targets)
    {
        if (logits.dim() != 2 || logits.shape[1] != Classes)
            throw new ArgumentException($"logits must be [N, {Classes}], got [{string.Join(", ", logits.shape)}]");
        var n = logits.shape[0];
        Tensor soft;
        if (targets.dim() == 1 && targets.dtype == ScalarType.Int64)
        {
            if (targets.shape[0] != n) throw new ArgumentException($"{targets.shape[0]} labels for {n} logit rows");
            var min = targets.min().item<long>();
            var max = targets.max().item<long>();
            if (min < 0 || max >= Classes) throw new ArgumentException($"labels must be in [0, {Classes}), got {min}..{max}");
            soft = nn.functional.one_hot(targets, Classes).to(logits.dtype);
        }
        else if (targets.dim() == 2 && targets.is_floating_point())
        {
            if (targets.shape[0] != n || targets.shape[1] != Classes)
                throw new ArgumentException($"soft targets must be [{n}, {Classes}], got [{string.Join(", ", targets.shape)}]");
            soft = targets.to(logits.dtype);
        }
        else
        {
            throw new ArgumentException("targets must be int64 labels [N] or float soft targets [N, K]");
        }
        return LabelSmoothing > 0 ? soft * (1 - LabelSmoothing) + LabelSmoothing / Classes : soft;
    }

    /// <summary>A [1, K] tensor of per-class values on the logits' device, validated against the class count.</summary>
    protected static Tensor PerClassRow(IReadOnlyList<double> values, Tensor like)
    {
        var row = values.Select(v => (float)v).ToArray();
        return tensor(row, [1, row.Length], dtype: like.dtype, device: like.device);
    }

    protected void RequirePerClass(IReadOnlyList<double>? values, string what)
    {
        if (values is null) return;
        if (values.Count != Classes)
            throw new ArgumentException($"{what} has {values.Count} entries but the model has {Classes} classes");
        if (values.Any(v => double.IsNaN(v) || v < 0)) throw new ArgumentException($"{what} must be non-negative numbers");
    }
}
