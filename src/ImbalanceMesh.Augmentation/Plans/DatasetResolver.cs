using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Augmentation.Plans;

/// <summary>Turns (dataset, version 0 = latest) into the sealed version Ingestion holds, or NOT_FOUND.</summary>
public sealed class DatasetResolver(IngestionService.IngestionServiceClient ingestion)
{
    public async Task<DatasetVersionInfo> ResolveAsync(DatasetRef reference, CancellationToken cancellationToken)
    {
        var list = await ingestion.ListDatasetsAsync(new ListDatasetsRequest(), cancellationToken: cancellationToken);
        var dataset = list.Datasets.FirstOrDefault(d => d.Name == reference.Dataset)
            ?? throw MeshException.NotFound($"dataset '{reference.Dataset}' does not exist in Ingestion" +
                                         (list.Datasets.Count > 0 ? $"; known: {string.Join(", ", list.Datasets.Select(d => d.Name))}." : "; import one first."));
        if (dataset.Versions.Count == 0) throw MeshException.NotFound($"dataset '{reference.Dataset}' has no sealed version yet.");
        return reference.Version == 0
            ? dataset.Versions.MaxBy(v => v.Version)!
            : dataset.Versions.FirstOrDefault(v => v.Version == reference.Version)
              ?? throw MeshException.NotFound($"dataset '{reference.Dataset}' has no version {reference.Version}; versions: " +
                                           $"{string.Join(", ", dataset.Versions.Select(v => v.Version))}.");
    }
}
