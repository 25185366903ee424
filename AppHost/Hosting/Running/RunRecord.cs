using System.Diagnostics;
using System.Text.Json;
using ImbalanceMesh.AppHost.Hosting.Cli;
using ImbalanceMesh.AppHost.Hosting.Publishing;

namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>
/// .imesh/apphost-run.json: which AppHost runs in this directory and which children it started. Nothing in the
/// services watches their parent, so an AppHost killed with SIGKILL leaves them running; the next AppHost started here
/// reads this record, stops those leftovers, and refuses to start beside an AppHost that is still alive.
/// </summary>
public sealed class RunRecord(string workingDirectory)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RecordedProcess> _children = [];

    public string Path { get; } = System.IO.Path.Combine(workingDirectory, ".imesh", "apphost-run.json");

    /// <summary>Stops what a killed AppHost left here; returns how many processes that was.</summary>
    public int ClaimDirectory()
    {
        var previous = Read();
        if (previous is not null && IsAlive(previous.AppHost))
            throw new AppHostException($"Another AppHost (pid {previous.AppHost.Pid}) is running in " +
                                       $"{workingDirectory}; stop it first or start this one in another directory.");
        var stopped = 0;
        foreach (var child in previous?.Children ?? [])
        {
            if (!IsAlive(child)) continue;
            try
            {
                using var process = Process.GetProcessById(child.Pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
                stopped++;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Gone in the meantime.
            }
        }
        Save();
        return stopped;
    }

    public void ChildStarted(string name, int pid)
    {
        lock (_lock)
        {
            _children[name] = new RecordedProcess(pid, StartTime(pid));
            Save();
        }
    }

    public void Remove()
    {
        if (File.Exists(Path)) File.Delete(Path);
    }

    private void Save()
    {
        var record = new Record(new RecordedProcess(Environment.ProcessId, StartTime(Environment.ProcessId)), [.. _children.Values]);
        AtomicFile.Write(Path, JsonSerializer.Serialize(record));
    }

    private Record? Read()
    {
        try
        {
            return File.Exists(Path) ? JsonSerializer.Deserialize<Record>(File.ReadAllText(Path)) : null;
        }
        catch (JsonException)
        {
            return null; // A torn or foreign file: nothing trustworthy to clean up.
        }
    }

    /// <summary>Alive and the same process: the start time guards against a reused pid.</summary>
    private static bool IsAlive(RecordedProcess process) =>
        StartTime(process.Pid) is { } started && started == process.StartTime;

    /// <summary>Field 22 of /proc/PID/stat (start time in clock ticks since boot); null when no such process.</summary>
    private static long? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" ? null : long.Parse(fields[19]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    private sealed record Record(RecordedProcess AppHost, List<RecordedProcess> Children);

    private sealed record RecordedProcess(int Pid, long? StartTime);
}
