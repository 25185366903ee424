using Grpc.Core;
using StackExchange.Redis;

namespace ImbalanceMesh.Training.Jobs;

/// <summary>Tells a dependency that is down for now (worth a retry) from a failure that a retry would only repeat.</summary>
public static class DependencyFailure
{
    public static bool IsTransient(Exception e) => e switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted,
        RedisException => true,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>The reason a person reads in the job's error.</summary>
    public static string Describe(Exception e) => e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
}
