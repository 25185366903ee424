using System.Diagnostics;
using ImbalanceMesh.ServiceDefaults.Telemetry;

namespace ImbalanceMesh.Ingestion.Telemetry;

/// <summary>The ImbalanceMesh.Ingestion spans: one per import, below the import RPC's span.</summary>
public static class IngestionActivities
{
    public static readonly ActivitySource Source = new(IngestionMetrics.MeterName);

    public static Activity? StartImport(string dataset) => Source.StartActivity("ingestion.import")?.SetTag(MeshTags.Dataset, dataset);
}
