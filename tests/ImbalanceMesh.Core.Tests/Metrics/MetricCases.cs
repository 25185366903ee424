using ImbalanceMesh.Core.Metrics;

namespace ImbalanceMesh.Core.Tests.Metrics;

/// <summary>Deterministic data shared with sklearn_reference.py (same integer arithmetic, same float32 scores).</summary>
internal static class MetricCases
{
    public static (int[] Truth, ScoreMatrix Scores) TenClass(int n = 150, int k = 10)
    {
        var truth = Enumerable.Range(0, n).Select(i => Math.Min(9, (int)Math.Sqrt((i * i * 7 + i * 3) % 101))).ToArray();
        var values = new float[n * k];
        for (var i = 0; i < n; i++)
        {
            var w = Enumerable.Range(0, k)
                .Select(j => (i * 13 + j * 7 + i * j * 5) % 17 + 1 + (j == truth[i] && i % 3 != 0 ? 8 : 0)).ToArray();
            double sum = w.Sum();
            for (var j = 0; j < k; j++) values[i * k + j] = (float)(w[j] / sum);
        }
        return (truth, new ScoreMatrix(values, k));
    }

    public static (int[] Truth, ScoreMatrix Scores) Binary()
    {
        int[] truth = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0];
        int[] sixteenths = [1, 6, 5, 13, 6, 6, 3, 14, 5, 10];
        var values = sixteenths.SelectMany(s => new[] { 1 - s / 16f, s / 16f }).ToArray();
        return (truth, new ScoreMatrix(values, 2));
    }
}
