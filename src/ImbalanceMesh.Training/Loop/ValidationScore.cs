using ImbalanceMesh.Core.Metrics;

namespace ImbalanceMesh.Training.Loop;

/// <summary>
/// Validation balanced accuracy and macro-F1 of one scoring, computed by Core/Metrics; with a prior adjustment these
/// are of the adjusted scores and <see cref="Unadjusted"/> holds the model's own.
/// </summary>
public sealed record ValidationScore(double BalancedAccuracy, double MacroF1, int Samples, ValidationScore? Unadjusted = null)
{
    public static ValidationScore From(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        var matrix = ConfusionMatrix.From(truth, predicted, classes);
        return new ValidationScore(LabelMetrics.BalancedAccuracy(matrix), LabelMetrics.MacroF1(matrix), truth.Count);
    }
}
