using Grpc.Core;
using Grpc.Core.Interceptors;
using ImbalanceMesh.Core.Text;
using ImbalanceMesh.ServiceDefaults.Dependencies;
using StackExchange.Redis;

namespace ImbalanceMesh.ServiceDefaults.Errors;

/// <summary>
/// Maps what a handler throws to the call's status, in one place for every service: <see cref="MeshException"/> to its
/// status, a Redis failure to UNAVAILABLE naming the cache, an out-of-memory to RESOURCE_EXHAUSTED, an upstream service's status relayed (named by
/// <see cref="UpstreamStatusInterceptor"/>). Every message is bounded so that it fits the grpc-message trailer.
/// </summary>
public sealed class ErrorStatusInterceptor(IEnumerable<IDependencyProbe> dependencies) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (ToStatus(e) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception e) when (ToStatus(e) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (ToStatus(e) is { } status)
        {
            throw new RpcException(status);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (ToStatus(e) is { } status)
        {
            throw new RpcException(status);
        }
    }

    /// <summary>Null for what is not an error of ours to map (cancellation, bugs: gRPC reports those itself).</summary>
    private Status? ToStatus(Exception e) => e switch
    {
        MeshException mesh => Bounded(mesh.Status, mesh.Message),
        RedisTimeoutException timeout => Bounded(StatusCode.Unavailable, $"a Redis request timed out ({timeout.Message}); " +
            "this host or its redis-server is overloaded: retry, and check their load"),
        RedisException redis => Bounded(StatusCode.Unavailable, $"{CacheName()} is unavailable ({redis.Message}); " +
            "check that its redis-server is running and reachable, then retry"),
        // The request's allocation failed, not the process: the service keeps serving once it is freed.
        OutOfMemoryException => Bounded(StatusCode.ResourceExhausted, $"this service ran out of memory serving the request ({e.Message}); " +
            "lower the batch size or image size, or give the service more memory, then retry"),
        RpcException { StatusCode: StatusCode.Cancelled } => null,
        RpcException upstream => Bounded(upstream.StatusCode == StatusCode.DeadlineExceeded ? StatusCode.Unavailable : upstream.StatusCode,
            upstream.Status.Detail),
        _ => null,
    };

    private string CacheName() =>
        dependencies.OfType<RedisDependencyProbe>().FirstOrDefault() is { } cache
            ? $"the Redis cache '{cache.Name}' at {cache.Target}"
            : "the Redis cache";

    private static Status Bounded(StatusCode code, string message) => new(code, BoundedText.Truncate(message));
}
