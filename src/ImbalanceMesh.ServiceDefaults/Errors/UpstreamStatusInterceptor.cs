using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ImbalanceMesh.ServiceDefaults.Errors;

/// <summary>
/// On a client of another mesh service: keeps the status of a failed call but says in its message which service
/// answered, so that a relayed error reads "augmentation: plan 'x' does not exist" instead of a bare message.
/// The status code is kept as it is, so callers still decide on it (retry on UNAVAILABLE, say).
/// </summary>
public sealed class UpstreamStatusInterceptor(string serviceName) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(Named(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus,
            call.GetTrailers, call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncServerStreamingCall<TResponse>(new NamedReader<TResponse>(call.ResponseStream, this),
            call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context,
        AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(context);
        return new AsyncClientStreamingCall<TRequest, TResponse>(call.RequestStream, Named(call.ResponseAsync),
            call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<TResponse> Named<TResponse>(Task<TResponse> response)
    {
        try
        {
            return await response;
        }
        catch (RpcException e) when (Rename(e) is { } named)
        {
            throw named;
        }
    }

    private RpcException? Rename(RpcException e) => e.StatusCode switch
    {
        StatusCode.Cancelled => null,
        // Only a transport failure carries a debug exception; an UNAVAILABLE the service itself returned (its Redis is
        // down, say) is relayed with its own message.
        StatusCode.Unavailable or StatusCode.DeadlineExceeded when e.Status.DebugException is not null => new RpcException(new Status(e.StatusCode,
            $"the {serviceName} service is not reachable ({e.Status.Detail}); is it running?", e.Status.DebugException), e.Trailers),
        _ => new RpcException(new Status(e.StatusCode, $"{serviceName}: {e.Status.Detail}", e.Status.DebugException), e.Trailers),
    };

    private sealed class NamedReader<T>(IAsyncStreamReader<T> inner, UpstreamStatusInterceptor names) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                return await inner.MoveNext(cancellationToken);
            }
            catch (RpcException e) when (names.Rename(e) is { } named)
            {
                throw named;
            }
        }
    }
}
