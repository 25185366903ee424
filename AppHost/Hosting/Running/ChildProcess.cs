using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using ImbalanceMesh.AppHost.Hosting.Cli;

namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>One running child: its output goes line by line to a sink, its last lines are kept for error messages.</summary>
public sealed class ChildProcess : IDisposable
{
    private const int KeptLines = 15;
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private ChildProcess(Process process, Task<int> exited)
    {
        _process = process;
        Exited = exited;
    }

    public int Pid => _process.Id;

    /// <summary>Completes with the exit code once the process has ended and its output is drained.</summary>
    public Task<int> Exited { get; }

    public string LastLines
    {
        get { lock (_lastLines) return string.Join('\n', _lastLines); }
    }

    public static ChildProcess Start(string resourceName, LaunchSpec spec, Action<string> onLine)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = spec.StandardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in spec.Arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in spec.Environment) info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        ChildProcess? child = null;
        void Receive(string? line)
        {
            if (line is null) return;
            child?.Remember(line);
            onLine(line);
        }
        process.OutputDataReceived += (_, e) => Receive(e.Data);
        process.ErrorDataReceived += (_, e) => Receive(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new AppHostException($"{resourceName}: cannot start '{spec.FileName}': {e.Message}.");
        }
        child = new ChildProcess(process, WaitForExitAsync(process));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (spec.StandardInput is not null)
        {
            process.StandardInput.Write(spec.StandardInput);
            process.StandardInput.Close();
        }
        return child;
    }

    /// <summary>SIGTERM, then after <paramref name="grace"/> a kill of the whole process tree.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (Exited.IsCompleted) return;
        _ = kill(_process.Id, SigTerm);
        if (await Task.WhenAny(Exited, Task.Delay(grace)) == Exited) return;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        await Exited;
    }

    public void Dispose() => _process.Dispose();

    private void Remember(string line)
    {
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines) _lastLines.Dequeue();
        }
    }

    private static async Task<int> WaitForExitAsync(Process process)
    {
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
