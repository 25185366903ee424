using System.Net.Sockets;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ImbalanceMesh.AppHost.Hosting.Contract;

namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>Answers "is this resource healthy right now?" with a short word for the status table.</summary>
public interface IHealthProbe : IDisposable
{
    Task<(bool Healthy, string Status)> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>grpc.health.v1 Check on the service's own address: healthy when SERVING.</summary>
public sealed class GrpcHealthProbe(string url) : IHealthProbe
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(url);

    public async Task<(bool Healthy, string Status)> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reply = await new Health.HealthClient(_channel).CheckAsync(new HealthCheckRequest(),
                deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
            return (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving, reply.Status.ToString().ToUpperInvariant());
        }
        catch (RpcException e)
        {
            // A cancelled call surfaces as RpcException(Cancelled); callers expect the usual cancellation exception.
            cancellationToken.ThrowIfCancellationRequested();
            return (false, e.StatusCode == StatusCode.Unavailable ? "unreachable" : e.StatusCode.ToString());
        }
    }

    public void Dispose() => _channel.Dispose();
}

/// <summary>AUTH + PING over a plain socket: healthy on +PONG.</summary>
public sealed class RedisPingProbe(int port, string password) : IHealthProbe
{
    public async Task<(bool Healthy, string Status)> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(LoopbackEndpoints.Host, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {password}\r\nPING\r\n"), timeout.Token);
            var reply = new StringBuilder();
            var buffer = new byte[256];
            // Two replies: one to AUTH, one to PING.
            while (reply.ToString().Split("\r\n").Length < 3)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0) break;
                reply.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            return reply.ToString().Contains("+PONG") ? (true, "PONG") : (false, reply.ToString().Trim());
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException
                                  && !cancellationToken.IsCancellationRequested)
        {
            return (false, "unreachable");
        }
    }

    public void Dispose() { }
}
