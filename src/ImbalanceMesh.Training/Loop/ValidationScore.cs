namespace ImbalanceMesh.Training.Loop;

/// <summary>Validation balanced accuracy and macro-F1 of one epoch.</summary>
public sealed record ValidationScore(double BalancedAccuracy, double MacroF1, int Samples)
{
    // TEMPORARY (not to be committed): replaced by Core/Metrics once it lands.
    public static ValidationScore From(IReadOnlyList<int> truth, IReadOnlyList<int> predicted, int classes)
    {
        var recall = new double[classes];
        var f1 = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            var tp = truth.Zip(predicted).Count(p => p.First == c && p.Second == c);
            var support = truth.Count(t => t == c);
            var predictedC = predicted.Count(p => p == c);
            recall[c] = support == 0 ? 0 : (double)tp / support;
            f1[c] = support + predictedC == 0 ? 0 : 2.0 * tp / (support + predictedC);
        }
        var present = Enumerable.Range(0, classes).Where(c => truth.Contains(c)).ToList();
        return new ValidationScore(present.Average(c => recall[c]), f1.Average(), truth.Count);
    }
}
