using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ImbalanceMesh.Testing;

/// <summary>
/// The built Aspire AppHost run as a real child process in a scratch working directory, as a user runs it (with what
/// its http launch profile sets, since `dotnet AppHost.dll` reads no launch profile).
/// </summary>
public sealed partial class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _ownsDirectory;
    private readonly HashSet<int> _redisPids = [];

    private AppHostProcess(Process process, string workingDirectory, string marker, bool ownsDirectory)
    {
        _process = process;
        WorkingDirectory = workingDirectory;
        Marker = marker;
        _ownsDirectory = ownsDirectory;
    }

    public string WorkingDirectory { get; }
    public string Marker { get; }
    public int Pid => _process.Id;
    public string EndpointsPath => Path.Combine(WorkingDirectory, ".imesh", "endpoints.json");

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <param name="workingDirectory">Default: a new scratch directory, deleted on dispose.</param>
    public static AppHostProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var ownsDirectory = workingDirectory is null;
        workingDirectory ??= Directory.CreateTempSubdirectory("imesh-apphost-").FullName;
        var marker = Guid.NewGuid().ToString("N");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(BuiltArtifacts.AppHostDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment[MarkedProcesses.Variable] = marker;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var process = new Process { StartInfo = info };
        var host = new AppHostProcess(process, workingDirectory, marker, ownsDirectory);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits for .imesh/endpoints.json, which the AppHost writes once every resource is healthy.</summary>
    public async Task<Dictionary<string, string>> WaitForEndpointsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(EndpointsPath))
        {
            if (_process.HasExited) throw new InvalidOperationException($"The AppHost exited with {_process.ExitCode}:\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No endpoints.json after {timeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(100);
        }
        var endpoints = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(EndpointsPath))!;
        if (endpoints.TryGetValue("cache", out var cache)) RememberRedis(cache);
        return endpoints;
    }

    public void Signal(int signal) => Signals.Send(_process.Id, signal);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The AppHost did not exit within {timeout.TotalSeconds} s:\n{Output}");
        }
        return _process.ExitCode;
    }

    /// <summary>
    /// Live processes of this run: those carrying the marker (every child inherits the AppHost's environment) and the
    /// redis-server seen listening for it (redis-server overwrites its environment block for its process title).
    /// </summary>
    public IReadOnlyList<string> LiveProcesses() =>
    [
        .. MarkedProcesses.Find(Marker).Select(p => $"{p.Pid} {p.CommandLine}"),
        .. _redisPids.Where(pid => File.Exists($"/proc/{pid}/stat") && !MarkedProcesses.IsZombie($"/proc/{pid}")).Select(pid => $"{pid} redis-server"),
    ];

    /// <summary>Waits (DCP cleans up within about ten seconds of the AppHost's end) until nothing of this run is alive.</summary>
    public async Task AssertNothingLeftAsync(TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (LiveProcesses().Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(250);
        Xunit.Assert.Empty(LiveProcesses());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(Signals.Terminate);
            try { await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        // Whatever a failed test left behind must not outlive it.
        foreach (var pid in MarkedProcesses.Find(Marker).Select(p => p.Pid).Concat(_redisPids))
        {
            try { Process.GetProcessById(pid).Kill(entireProcessTree: true); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException) { }
        }
        _process.Dispose();
        if (_ownsDirectory)
        {
            try { Directory.Delete(WorkingDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private void RememberRedis(string connectionString)
    {
        var port = PortOf().Match(connectionString).Groups[1].Value;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid)) continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (commandLine.StartsWith("redis-server") && commandLine.Contains($":{port}")) _redisPids.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    [GeneratedRegex(@":(\d+),")]
    private static partial Regex PortOf();
}
