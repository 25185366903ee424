using ImbalanceMesh.Core.Metrics;

namespace ImbalanceMesh.Core.Adjustment;

/// <summary>Chooses the post-hoc adjustment τ on held-out data: the grid value with the best balanced accuracy.</summary>
public static class TauSelection
{
    /// <summary>0, 0.25, …, 2: τ = 1 is the Bayes-optimal correction for a balanced test set; the rest allows for a model that learned the prior only in part.</summary>
    public static readonly IReadOnlyList<double> DefaultGrid = [.. Enumerable.Range(0, 9).Select(i => i * 0.25)];

    /// <returns>The chosen τ (on a tie the smallest, i.e. the least change) and the balanced accuracy of every grid value.</returns>
    public static (double Tau, IReadOnlyList<(double Tau, double BalancedAccuracy)> Scores) Choose(
        IReadOnlyList<int> truth, float[] probabilities, IReadOnlyList<double> logPrior, IReadOnlyList<double> grid)
    {
        if (grid.Count == 0) throw new ArgumentException("the τ grid is empty", nameof(grid));
        if (truth.Count == 0) throw new ArgumentException("there are no held-out samples to choose τ on", nameof(truth));
        var k = logPrior.Count;
        var scores = new List<(double, double)>();
        var best = (Tau: 0.0, Score: double.NegativeInfinity);
        foreach (var tau in grid.Order())
        {
            var adjusted = new ScoreMatrix(LogitAdjustment.Adjust(probabilities, logPrior, tau), k);
            var score = LabelMetrics.BalancedAccuracy(ConfusionMatrix.From(truth, adjusted.ArgMaxAll(), k));
            scores.Add((tau, score));
            if (score > best.Score) best = (tau, score);
        }
        return (best.Tau, scores);
    }
}
