using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Ingestion.Importing;
using ImbalanceMesh.Ingestion.Storage;

namespace ImbalanceMesh.Ingestion.Grpc;

/// <summary>Service records to protobuf messages.</summary>
public static class WireMapping
{
    public static ImportResult ToWire(ImportOutcome outcome)
    {
        var result = new ImportResult
        {
            Dataset = outcome.Dataset,
            Version = outcome.Version,
            Imported = outcome.Imported,
            Duplicates = outcome.Duplicates,
            CarriedOver = outcome.CarriedOver,
        };
        result.Rejected.AddRange(outcome.Rejected.Select(r => new RejectedFile { File = r.File, Reason = r.Reason }));
        foreach (var c in outcome.Conflicts)
        {
            var conflict = new LabelConflict { Hash = c.Hash };
            conflict.Classes.AddRange(c.Classes);
            conflict.Files.AddRange(c.Files);
            result.LabelConflicts.Add(conflict);
        }
        result.ClassCounts.Add(outcome.ClassCounts.ToDictionary());
        result.SplitNotes.AddRange(outcome.SplitNotes);
        return result;
    }

    public static ListDatasetsResponse ToWire(IReadOnlyList<VersionRecord> versions)
    {
        var response = new ListDatasetsResponse();
        foreach (var group in versions.GroupBy(v => v.Dataset))
        {
            var dataset = new DatasetInfo { Name = group.Key };
            foreach (var v in group)
            {
                var info = new DatasetVersionInfo
                {
                    Version = v.Number,
                    Samples = v.Samples,
                    Bytes = v.Bytes,
                    CreatedUtc = v.SealedUtc,
                    Split = new SplitFractions { Train = v.Split.Train, Val = v.Split.Val, Test = v.Split.Test },
                    Seed = v.Seed,
                    Resize = v.Resize,
                };
                info.Classes.AddRange(v.Classes);
                dataset.Versions.Add(info);
            }
            response.Datasets.Add(dataset);
        }
        return response;
    }
}
