using Grpc.Core;

namespace ImbalanceMesh.Training.Specs;

/// <summary>A problem with a request that the caller can fix; becomes an RpcException with this status.</summary>
public sealed class SpecException(StatusCode status, string message) : Exception(message)
{
    public StatusCode Status { get; } = status;

    public static SpecException Invalid(string message) => new(StatusCode.InvalidArgument, message);
    public static SpecException NotFound(string message) => new(StatusCode.NotFound, message);
    public static SpecException Precondition(string message) => new(StatusCode.FailedPrecondition, message);
}
