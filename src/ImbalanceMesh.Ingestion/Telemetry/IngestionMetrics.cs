using System.Diagnostics;
using System.Diagnostics.Metrics;
using ImbalanceMesh.Ingestion.Importing;
using ImbalanceMesh.ServiceDefaults.Telemetry;

namespace ImbalanceMesh.Ingestion.Telemetry;

/// <summary>
/// The ImbalanceMesh.Ingestion meter, fed from each import's outcome, so it counts exactly what the import reported:
/// images imported, images rejected by reason (the code that starts each rejection, e.g. "truncated"; plus
/// "duplicate" and "class-conflict" for contents already seen), imports finished.
/// </summary>
public sealed class IngestionMetrics
{
    public const string MeterName = "ImbalanceMesh.Ingestion";
    public const string ReasonTag = "imesh.rejection.reason";
    public const string Duplicate = "duplicate";
    public const string ClassConflict = "class-conflict";

    private readonly Counter<long> _imported;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _imports;

    public IngestionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _imported = meter.CreateCounter<long>("imesh.ingestion.images.imported", "{image}", "Images added to a dataset");
        _rejected = meter.CreateCounter<long>("imesh.ingestion.images.rejected", "{image}", "Images an import did not add, by reason");
        _imports = meter.CreateCounter<long>("imesh.ingestion.imports", "{import}", "Imports finished (with or without a new version)");
    }

    public void ImportFinished(ImportOutcome outcome)
    {
        var dataset = new KeyValuePair<string, object?>(MeshTags.Dataset, outcome.Dataset);
        _imports.Add(1, dataset);
        _imported.Add(outcome.Imported, dataset);
        foreach (var (reason, count) in RejectionsByReason(outcome))
            _rejected.Add(count, dataset, new KeyValuePair<string, object?>(ReasonTag, reason));
    }

    private static IEnumerable<(string Reason, long Count)> RejectionsByReason(ImportOutcome outcome)
    {
        foreach (var group in outcome.Rejected.GroupBy(r => ReasonCode(r.Reason), StringComparer.Ordinal))
            yield return (group.Key, group.LongCount());
        if (outcome.Duplicates > 0) yield return (Duplicate, outcome.Duplicates);
        // A conflict lists every file with that content; the first one seen is the one kept.
        var conflicting = outcome.Conflicts.Sum(c => c.Files.Count - 1L);
        if (conflicting > 0) yield return (ClassConflict, conflicting);
    }

    /// <summary>Every rejection reason starts with its short code: "truncated: the file ends ...".</summary>
    private static string ReasonCode(string reason) => reason.Split(':', 2)[0].Trim();
}
