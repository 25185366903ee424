using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Evaluation.Models;

/// <summary>Checkpoint bytes with their card, and where they came from (for the report).</summary>
public sealed record ResolvedModel(byte[] Checkpoint, ModelCard Card, string JobId, string Source);
