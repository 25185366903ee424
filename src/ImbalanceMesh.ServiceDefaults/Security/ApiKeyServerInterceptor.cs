using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ImbalanceMesh.ServiceDefaults.Security;

/// <summary>Refuses every call without the configured x-api-key, except health checks (probes carry no secrets).</summary>
public sealed class ApiKeyServerInterceptor(ApiKeyOptions options) : Interceptor
{
    private const string HealthService = "/grpc.health.v1.Health/";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        if (options.Key is null || context.Method.StartsWith(HealthService, StringComparison.Ordinal))
            return;
        var presented = context.RequestHeaders.GetValue(ApiKeyOptions.MetadataKey);
        if (presented is null || !CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(options.Key)))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"This mesh requires an API key: send it as '{ApiKeyOptions.MetadataKey}' metadata " +
                $"(imesh reads {ApiKeyOptions.EnvironmentVariable} or --api-key-file FILE)."));
        }
    }
}
