using ImbalanceMesh.AppHost.Hosting.Contract;

namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>
/// redis-server on loopback with a password. Its configuration comes on stdin ("redis-server -"), so the password
/// never appears in the process list. No persistence unless a data directory is given.
/// </summary>
public static class RedisLauncher
{
    public const string Executable = "redis-server";

    public static LaunchSpec Spec(int port, string password, string? dataDirectory, string scratchDirectory)
    {
        var persistence = dataDirectory is null
            ? "save \"\"\nappendonly no\n"
            : "appendonly yes\nsave 60 1\n";
        var config =
            $"port {port}\nbind {LoopbackEndpoints.Host}\nrequirepass {password}\n" +
            $"dir \"{dataDirectory ?? scratchDirectory}\"\n{persistence}protected-mode yes\n";
        return new LaunchSpec(Executable, ["-"], new Dictionary<string, string>(), dataDirectory ?? scratchDirectory, config);
    }

    /// <summary>Turns "not found" into the fix, before anything else is started.</summary>
    public static string? FindOnPath(Func<string, string?> environment)
    {
        foreach (var directory in (environment("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, Executable);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
