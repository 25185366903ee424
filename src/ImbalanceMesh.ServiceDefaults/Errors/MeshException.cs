using Grpc.Core;

namespace ImbalanceMesh.ServiceDefaults.Errors;

/// <summary>
/// The one error type of every service: a request it cannot carry out, the gRPC status that says why, and a message a
/// person can act on. <see cref="ErrorStatusInterceptor"/> turns it into the call's status.
/// </summary>
public sealed class MeshException(StatusCode status, string message, Exception? inner = null) : Exception(message, inner)
{
    public StatusCode Status { get; } = status;

    public static MeshException Invalid(string message) => new(StatusCode.InvalidArgument, message);
    public static MeshException NotFound(string message) => new(StatusCode.NotFound, message);
    public static MeshException Precondition(string message) => new(StatusCode.FailedPrecondition, message);
    public static MeshException Exhausted(string message) => new(StatusCode.ResourceExhausted, message);
    public static MeshException Denied(string message) => new(StatusCode.PermissionDenied, message);
    public static MeshException DataLoss(string message) => new(StatusCode.DataLoss, message);
}
