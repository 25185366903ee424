namespace ImbalanceMesh.Cli.Commands.Mesh;

/// <summary>One strategy's outcome in a sweep; Error is set (and the metrics are null) when it failed.</summary>
public sealed record StrategyResult(
    string Strategy,
    string Summary,
    string? Job,
    string? Report,
    double? BalancedAccuracy,
    double? MacroF1,
    double? GMean,
    double? MinorityRecall,
    IReadOnlyDictionary<string, double>? Recall,
    string? Error);
