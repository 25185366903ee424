using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Evaluation.Grpc;

/// <summary>imbalancemesh.v1.Evaluation RPC handlers.</summary>
public sealed class EvaluationGrpcService : EvaluationService.EvaluationServiceBase
{
}
