using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Ingestion.Grpc;

/// <summary>imbalancemesh.v1.Ingestion RPC handlers.</summary>
public sealed class IngestionGrpcService : IngestionService.IngestionServiceBase
{
}
