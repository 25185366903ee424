namespace ImbalanceMesh.Core.Sampling;

/// <summary>How an epoch's samples are chosen from the source split.</summary>
public enum SamplingPolicyKind
{
    /// <summary>Every sample once per epoch, shuffled.</summary>
    None,
    /// <summary>Draws with replacement, probability proportional to the sample's class weight.</summary>
    Weighted,
    /// <summary>Rare classes repeated (as augmented copies) up to target_ratio × the largest class.</summary>
    Oversample,
    /// <summary>Common classes cut to smallest / target_ratio, with a fresh random subset every epoch.</summary>
    Undersample,
    /// <summary>Equal count per class in every batch (the nearest split when batch size is not a multiple of K).</summary>
    Balanced,
    /// <summary>All rare samples plus a new slice of the common pool of matching size, moving epoch by epoch.</summary>
    RarePlusSlice,
}
