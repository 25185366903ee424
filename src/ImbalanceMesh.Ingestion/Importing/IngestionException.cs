using Grpc.Core;

namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>A request the service cannot carry out, with the gRPC status that tells the caller why.</summary>
public sealed class IngestionException(StatusCode status, string message) : Exception(message)
{
    public StatusCode Status { get; } = status;

    public static IngestionException Invalid(string message) => new(StatusCode.InvalidArgument, message);
    public static IngestionException NotFound(string message) => new(StatusCode.NotFound, message);
    public static IngestionException Denied(string message) => new(StatusCode.PermissionDenied, message);
    public static IngestionException Precondition(string message) => new(StatusCode.FailedPrecondition, message);
}
