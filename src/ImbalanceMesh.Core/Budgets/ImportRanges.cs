namespace ImbalanceMesh.Core.Budgets;

/// <summary>The documented ranges of an import's numbers (docs/INGESTION.md, "Resize at import").</summary>
public static class ImportRanges
{
    /// <summary>
    /// Side of the stored images when an import resizes (0 = no resize): at least the smallest size a model trains at
    /// (<see cref="TrainingRanges.ImageSize"/>), at most the largest a batch plan serves (<see cref="PlanRanges.ImageSize"/>).
    /// </summary>
    public static readonly IntRange Resize = new("resize", TrainingRanges.ImageSize.Min, PlanRanges.ImageSize.Max);
}
