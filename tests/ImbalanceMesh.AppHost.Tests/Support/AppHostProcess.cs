using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json;
using ImbalanceMesh.AppHost.Hosting;
using ImbalanceMesh.AppHost.Hosting.Running;

namespace ImbalanceMesh.AppHost.Tests.Support;

/// <summary>The built AppHost run as a real child process in a scratch working directory, as a user would run it.</summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly bool _ownsDirectory;

    private AppHostProcess(Process process, string workingDirectory, string marker, bool ownsDirectory)
    {
        _ownsDirectory = ownsDirectory;
        _process = process;
        WorkingDirectory = workingDirectory;
        Marker = marker;
    }

    public string WorkingDirectory { get; }
    public string Marker { get; }
    public int Pid => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static string AssemblyPath => Path.Combine(AppHostEntry.ProjectDirectory, "bin", ProjectLauncher.Configuration,
        ProjectLauncher.TargetFramework, "ImbalanceMesh.AppHost.dll");

    /// <param name="workingDirectory">Default: a new scratch directory, deleted on dispose.</param>
    public static AppHostProcess Start(IEnumerable<string> args, IDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var ownsDirectory = workingDirectory is null;
        workingDirectory ??= Directory.CreateTempSubdirectory("imesh-apphost-test-").FullName;
        var marker = Guid.NewGuid().ToString("N");
        var info = new ProcessStartInfo(ProjectLauncher.DotnetHost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AssemblyPath);
        foreach (var arg in args) info.ArgumentList.Add(arg);
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

    /// <summary>
    /// Children the AppHost reported in its plain state lines ("| cache: Running 127.0.0.1:P (pid N)") that are still alive. Needed beside
    /// <see cref="MarkedProcesses"/> because redis-server rewrites its environment block for its process title.
    /// </summary>
    public IReadOnlyList<int> LiveReportedPids() =>
        Regex.Matches(Output, @"\| [a-z][a-z0-9-]*: [A-Za-z]+ \S+ \(pid (\d+)\)").Select(m => int.Parse(m.Groups[1].Value)).Distinct()
            .Where(pid => File.Exists($"/proc/{pid}/stat") && !MarkedProcesses.IsZombie($"/proc/{pid}")).ToList();

    /// <summary>No process of this run is left: none carries the marker, none the AppHost reported is alive.</summary>
    public void AssertNoProcessLeft()
    {
        Xunit.Assert.Empty(MarkedProcesses.Find(Marker));
        Xunit.Assert.Empty(LiveReportedPids());
    }

    public string EndpointsPath => Path.Combine(WorkingDirectory, ".imesh", "endpoints.json");

    /// <summary>Waits for .imesh/endpoints.json, which the AppHost writes once every resource is healthy.</summary>
    public async Task<Dictionary<string, string>> WaitForEndpointsAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(EndpointsPath))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The AppHost exited with {_process.ExitCode}:\n{Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No endpoints.json after {timeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(100);
        }
        return JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(EndpointsPath))!;
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text))
        {
            if (_process.HasExited) throw new InvalidOperationException($"Exited with {_process.ExitCode}:\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No '{text}' after {timeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(100);
        }
    }

    public void Signal(int signal) => _ = kill(_process.Id, signal);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(SigTerm);
            try { await WaitForExitAsync(TimeSpan.FromSeconds(15)); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        // Whatever a failed test left behind must not outlive it.
        foreach (var pid in MarkedProcesses.Find(Marker).Select(p => p.Pid).Concat(LiveReportedPids()).Distinct())
        {
            try { Process.GetProcessById(pid).Kill(entireProcessTree: true); }
            catch (ArgumentException) { }
        }
        _process.Dispose();
        if (_ownsDirectory)
        {
            try { Directory.Delete(WorkingDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
