using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImbalanceMesh.Testing;

/// <summary>
/// Hosts one service in-process on a real loopback Kestrel HTTP/2 port, configured with the same keys the AppHost
/// passes as environment variables (e.g. "ConnectionStrings:cache", "services:ingestion:http:0").
/// TEntryPoint is any type from the service's assembly (its gRPC handler class, say).
/// </summary>
public sealed class MeshServiceHost<TEntryPoint> : IAsyncDisposable where TEntryPoint : class
{
    private readonly WebApplicationFactory<TEntryPoint> _factory;

    public MeshServiceHost(IDictionary<string, string?> settings)
    {
        Port = FreePort.Next();
        Address = $"http://127.0.0.1:{Port}";
        _factory = new WebApplicationFactory<TEntryPoint>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting(WebHostDefaults.ServerUrlsKey, Address);
            foreach (var (key, value) in settings) web.UseSetting(key, value);
        });
        _factory.UseKestrel();
        _factory.StartServer();
        Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
    }

    public int Port { get; }
    public string Address { get; }
    public GrpcChannel Channel { get; }
    public IServiceProvider Services => _factory.Services;

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _factory.DisposeAsync();
    }
}
