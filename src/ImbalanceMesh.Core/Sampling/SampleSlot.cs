namespace ImbalanceMesh.Core.Sampling;

/// <summary>
/// One position in a batch: which source sample (its index in the source list) and whether it is a repeated copy
/// that must be augmented so that it is not a pixel-identical duplicate.
/// </summary>
public readonly record struct SampleSlot(int Source, bool Augment);
