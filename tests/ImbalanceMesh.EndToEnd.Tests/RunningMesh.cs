using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Grpc.Net.Client;

namespace ImbalanceMesh.EndToEnd.Tests;

/// <summary>
/// The AppHost started as a user starts it, in a scratch working directory; ready once it has written
/// .imesh/endpoints.json. Disposal sends SIGTERM, as Ctrl+C would.
/// </summary>
public sealed class RunningMesh : IAsyncLifetime
{
    private readonly StringBuilder _log = new();
    private Process? _appHost;

    public string WorkingDirectory { get; } = Directory.CreateTempSubdirectory("imesh-e2e-").FullName;
    public IReadOnlyDictionary<string, string> Endpoints { get; private set; } = new Dictionary<string, string>();
    public string Log { get { lock (_log) return _log.ToString(); } }

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { BuiltArtifacts.AppHostDll },
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _appHost = Process.Start(start)!;
        _appHost.OutputDataReceived += (_, e) => Append(e.Data);
        _appHost.ErrorDataReceived += (_, e) => Append(e.Data);
        _appHost.BeginOutputReadLine();
        _appHost.BeginErrorReadLine();

        var endpointsFile = Path.Combine(WorkingDirectory, ".imesh", "endpoints.json");
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!File.Exists(endpointsFile))
        {
            if (_appHost.HasExited) throw new InvalidOperationException($"AppHost exited with {_appHost.ExitCode}:\n{Log}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The mesh was not healthy within 120 s:\n{Log}");
            await Task.Delay(250);
        }
        Endpoints = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(endpointsFile))!;
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
        if (_appHost is { HasExited: false })
        {
            using (var kill = Process.Start("kill", ["-TERM", _appHost.Id.ToString()])) await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _appHost.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { _appHost.Kill(entireProcessTree: true); }
        }
        _appHost?.Dispose();
        try { Directory.Delete(WorkingDirectory, recursive: true); } catch (IOException) { }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }
}
