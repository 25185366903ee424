namespace ImbalanceMesh.Core.Budgets;

/// <summary>The documented ranges of a training job's numbers (docs/TRAINING.md, "Budgets").</summary>
public static class TrainingRanges
{
    public static readonly IntRange Epochs = new("epochs", 1, 1000);

    /// <summary>Validation images scored each epoch (a stratified subset); 0 = the whole split.</summary>
    public static readonly IntRange ValidationSamples = new("validation_samples", 0, 10_000_000);
    public const int DefaultValidationSamples = 4096;

    /// <summary>The models' pooling stages need at least 8 px; above 256 px a CPU epoch takes hours.</summary>
    public static readonly IntRange ImageSize = new("image_size", 8, 256);

    /// <summary>0 asks for the service's default thread count; more than the cap oversubscribes the machine.</summary>
    public static IntRange Threads(int cap) => new("threads", 0, cap);
}
