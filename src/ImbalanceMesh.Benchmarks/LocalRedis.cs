using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace ImbalanceMesh.Benchmarks;

/// <summary>A redis-server on a free loopback port, no persistence, for one benchmark's setup; connected to.</summary>
public sealed class LocalRedis : IDisposable
{
    private readonly Process _server;

    public LocalRedis()
    {
        var port = FreePort();
        _server = Process.Start(new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("redis-server did not start (apt-get install -y redis-server)");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Connection = ConnectionMultiplexer.Connect($"127.0.0.1:{port}");
                break;
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                Thread.Sleep(100);
            }
        }
    }

    public ConnectionMultiplexer Connection { get; } = null!;

    public void Dispose()
    {
        Connection.Dispose();
        _server.Kill();
        _server.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
