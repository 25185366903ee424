using ImbalanceMesh.Core.Splitting;

namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>A validated import: target dataset, split fractions and split seed.</summary>
public sealed record ImportRequest(string Dataset, SplitFractions Split, long Seed);
