namespace ImbalanceMesh.Cli.Commands.Mesh;

public static class SweepRanking
{
    /// <summary>Best first: balanced accuracy, then macro-F1; failed strategies last, in their original order.</summary>
    public static IReadOnlyList<StrategyResult> Rank(IEnumerable<StrategyResult> results) =>
        results.OrderBy(r => r.Error is null ? 0 : 1)
            .ThenByDescending(r => r.BalancedAccuracy ?? double.MinValue)
            .ThenByDescending(r => r.MacroF1 ?? double.MinValue)
            .ToList();
}
