using System.Text;

namespace ImbalanceMesh.Testing;

/// <summary>
/// Finds live processes carrying a marker variable in their environment. Children inherit the AppHost's environment,
/// so this still finds them after the AppHost is gone and they were re-parented: the honest orphan check.
/// </summary>
public static class MarkedProcesses
{
    public const string Variable = "IMESH_APPHOST_TEST_MARKER";

    /// <remarks>redis-server overwrites its environment block for its process title: see AppHostProcess.RedisServerPids.</remarks>
    public static IReadOnlyList<(int Pid, string CommandLine)> Find(string marker)
    {
        var needle = Encoding.UTF8.GetBytes($"{Variable}={marker}\0");
        var found = new List<(int, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (IsZombie(directory)) continue;
                var environment = File.ReadAllBytes(Path.Combine(directory, "environ"));
                if (environment.AsSpan().IndexOf(needle) < 0) continue;
                found.Add((pid, File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim()));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }
        return found;
    }

    /// <summary>The live process whose command line mentions <paramref name="text"/>, e.g. "ImbalanceMesh.Augmentation.dll".</summary>
    public static int Single(string marker, string text) =>
        Find(marker).Where(p => p.CommandLine.Contains(text)).Select(p => p.Pid).Single();

    public static bool IsZombie(string procDirectory)
    {
        var stat = File.ReadAllText(Path.Combine(procDirectory, "stat"));
        return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
    }
}
