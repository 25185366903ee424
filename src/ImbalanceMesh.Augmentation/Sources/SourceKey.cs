using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Augmentation.Sources;

public readonly record struct SourceKey(string Dataset, int Version, Split Split);
