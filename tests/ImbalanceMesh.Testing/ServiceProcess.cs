using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Testing;

/// <summary>
/// A built service (e.g. "ImbalanceMesh.Training", run from its own output folder) as its own OS process, configured
/// by environment variables as the AppHost passes them (ConnectionStrings__cache, services__ingestion__http__0, …) on a
/// fixed loopback port — so that a test can SIGKILL it and start it again on the same address and data root.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 200;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);


    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public ServiceProcess(string assembly, IReadOnlyDictionary<string, string> environment)
    {
        Name = assembly;
        _environment = environment;
        Address = $"http://127.0.0.1:{FreePort.Next()}";
        Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
    }

    /// <summary>The assembly: ImbalanceMesh.Training, …</summary>
    public string Name { get; }

    /// <summary>The same across restarts, so clients and the other services keep their configuration.</summary>
    public string Address { get; }

    public GrpcChannel Channel { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The OS process id of the current run (0 before the first start).</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>The process's last lines of stdout and stderr, for a failure message.</summary>
    public string RecentOutput => string.Join('\n', _output);

    /// <summary>Starts the process and returns once it answers Info.GetInfo.</summary>
    public async Task StartAsync()
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is already running");
        _process?.Dispose();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { BuiltArtifacts.ServiceDll(Name) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_URLS"] = Address,
                ["Kestrel__EndpointDefaults__Protocols"] = "Http2",
            },
        };
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {Name}.dll did not start");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var info = new InfoService.InfoServiceClient(Channel);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                await info.GetInfoAsync(new GetInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                return;
            }
            catch (RpcException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (RpcException e)
            {
                throw new InvalidOperationException($"{Name} did not start serving on {Address} ({e.Status.Detail}):\n{RecentOutput}", e);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no disposal, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>
    /// SIGSTOP, then SIGCONT once <paramref name="whilePaused"/> has finished: the process stalls as in a long pause of
    /// its runtime or machine, and never learns it.
    /// </summary>
    public async Task PauseAsync(Func<Task> whilePaused)
    {
        if (_process is not { HasExited: false } process || !Signals.Send(process.Id, Signals.Stop))
            throw new InvalidOperationException($"{Name} is not running");
        try
        {
            await whilePaused();
        }
        finally
        {
            Signals.Send(process.Id, Signals.Continue);
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept) _output.TryDequeue(out _);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        Channel.Dispose();
    }
}
