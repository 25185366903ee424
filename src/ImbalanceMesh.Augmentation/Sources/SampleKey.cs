namespace ImbalanceMesh.Augmentation.Sources;

/// <summary>A sample in Ingestion's catalog (ids are unique across the catalog's versions).</summary>
public readonly record struct SampleKey(string Dataset, long Id);
