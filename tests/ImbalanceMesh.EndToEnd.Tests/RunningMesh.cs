using System.Diagnostics;
using System.Text.Json;
using Grpc.Net.Client;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.EndToEnd.Tests;

/// <summary>
/// The Aspire AppHost started as a user starts it, in a scratch working directory; ready once it has written
/// .imesh/endpoints.json. Disposal sends SIGTERM, as Ctrl+C would.
/// </summary>
public sealed class RunningMesh : IAsyncLifetime
{
    private AppHostProcess? _appHost;

    public string WorkingDirectory => _appHost!.WorkingDirectory;
    public IReadOnlyDictionary<string, string> Endpoints { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        _appHost = AppHostProcess.Start([]);
        Endpoints = await _appHost.WaitForEndpointsAsync(TimeSpan.FromSeconds(180));
    }

    public GrpcChannel Channel(string service) => GrpcChannel.ForAddress(Endpoints[service],
        new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });

    /// <summary>Runs `imesh ARGS --json` in the mesh's working directory and parses what it prints.</summary>
    public async Task<JsonElement> ImeshJsonAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(BuiltArtifacts.ImeshDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("--json");
        using var imesh = Process.Start(start)!;
        var stdout = imesh.StandardOutput.ReadToEndAsync();
        var stderr = imesh.StandardError.ReadToEndAsync();
        await imesh.WaitForExitAsync();
        if (imesh.ExitCode != 0)
            throw new InvalidOperationException($"imesh {string.Join(' ', args)} exited {imesh.ExitCode}:\n{await stderr}\n{await stdout}");
        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (_appHost is not null) await _appHost.DisposeAsync();
    }
}
