using ImbalanceMesh.Core.Splitting;

namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>
/// A validated import: target dataset, split fractions, split seed and the side every image is resized to
/// (<see cref="Imaging.Preprocessing.CenterCropResize"/>; 0 = stored at its decoded size).
/// </summary>
public sealed record ImportRequest(string Dataset, SplitFractions Split, long Seed, int Resize);
