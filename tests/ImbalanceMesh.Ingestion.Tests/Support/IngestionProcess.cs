using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.Ingestion.Tests.Support;

/// <summary>
/// The built ingestion service as its own OS process on a sandbox's data root, configured by environment variables as
/// the AppHost does — so a test can kill it with SIGKILL mid-import.
/// </summary>
public sealed class IngestionProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly GrpcChannel _channel;

    private IngestionProcess(Process process, string address)
    {
        _process = process;
        _channel = GrpcChannel.ForAddress(address);
    }

    public IngestionService.IngestionServiceClient Client => new(_channel);

    public static async Task<IngestionProcess> StartAsync(IngestionSandbox box)
    {
        var address = $"http://127.0.0.1:{FreePort.Next()}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "ImbalanceMesh.Ingestion.dll") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_URLS"] = address,
                ["Kestrel__EndpointDefaults__Protocols"] = "Http2",
                ["Ingestion__DataRoot"] = box.DataRoot,
                ["Ingestion__AllowedRoots__0"] = box.Inbox,
            },
        };
        var service = new IngestionProcess(Process.Start(start)!, address);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await service.Client.ListDatasetsAsync(new ListDatasetsRequest());
                return service;
            }
            catch (RpcException) when (DateTime.UtcNow < deadline && !service._process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no disposal, nothing flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }
}
