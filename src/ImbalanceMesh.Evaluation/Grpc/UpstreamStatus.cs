using Grpc.Core;

namespace ImbalanceMesh.Evaluation.Grpc;

/// <summary>Passes an error of a service we call on to our caller, saying which service it came from.</summary>
public static class UpstreamStatus
{
    public static RpcException Relay(string service, RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => new RpcException(new Status(StatusCode.Unavailable,
            $"the {service} service is not reachable ({e.Status.Detail}); is it running?")),
        StatusCode.Cancelled => e,
        _ => new RpcException(new Status(e.StatusCode, $"{service}: {e.Status.Detail}")),
    };
}
