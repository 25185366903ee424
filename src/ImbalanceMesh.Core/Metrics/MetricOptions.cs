namespace ImbalanceMesh.Core.Metrics;

/// <param name="TopK">k of top-k accuracy (any k ≥ 1; k ≥ classes gives 1).</param>
/// <param name="GMeanCorrection">Recall floor ε that replaces a zero recall in the G-mean; 0 = no correction.</param>
public sealed record MetricOptions(int TopK = 2, double GMeanCorrection = 0)
{
    public const double DefaultGMeanEpsilon = 0.001;
}
