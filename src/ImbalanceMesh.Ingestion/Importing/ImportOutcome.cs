namespace ImbalanceMesh.Ingestion.Importing;

public sealed record Rejection(string File, string Reason);

public sealed record Conflict(string Hash, IReadOnlyList<string> Classes, IReadOnlyList<string> Files);

/// <summary>What an import did. Version is 0 when nothing new was accepted and so no version was sealed.</summary>
public sealed record ImportOutcome(
    string Dataset,
    int Version,
    long Imported,
    long Duplicates,
    long CarriedOver,
    IReadOnlyList<Rejection> Rejected,
    IReadOnlyList<Conflict> Conflicts,
    IReadOnlyDictionary<string, long> ClassCounts,
    IReadOnlyList<string> SplitNotes);
