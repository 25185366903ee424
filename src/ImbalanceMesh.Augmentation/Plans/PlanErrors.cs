using Grpc.Core;

namespace ImbalanceMesh.Augmentation.Plans;

internal static class PlanErrors
{
    public static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
    public static RpcException NotFound(string message) => new(new Status(StatusCode.NotFound, message));
    public static RpcException Precondition(string message) => new(new Status(StatusCode.FailedPrecondition, message));
    public static RpcException Exhausted(string message) => new(new Status(StatusCode.ResourceExhausted, message));
    public static RpcException Denied(string message) => new(new Status(StatusCode.PermissionDenied, message));
}
