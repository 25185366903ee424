namespace ImbalanceMesh.Core.Budgets;

/// <summary>The documented ranges of a batch plan's numbers (docs/AUGMENTATION.md, "Budgets").</summary>
public static class PlanRanges
{
    public static readonly IntRange BatchSize = new("batch_size", 1, 4096);
    public static readonly IntRange ImageSize = new("image_size", 1, 1024);
    public static readonly IntRange Epochs = new("epochs", 1, 100_000);
    public static readonly IntRange StepsPerEpoch = new("steps_per_epoch", 0, 10_000_000);
    /// <summary>Rare-plus-slice: each rare image this many times per epoch; 0 = the default 1.</summary>
    /// <summary>Policy none: a stratified subset of at most this many samples; 0 = all.</summary>
    public static readonly IntRange MaxSamples = new("max_samples", 0, 10_000_000);
    public static readonly IntRange RareCopies = new("rare_copies", 0, 10_000);
}
