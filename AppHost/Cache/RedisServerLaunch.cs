namespace ImbalanceMesh.AppHost.Cache;

/// <summary>
/// How redis-server is started: through /bin/sh so the password comes from the environment into a here-document on
/// redis-server's stdin ("redis-server -" reads its configuration there). DCP logs each process's arguments where the
/// dashboard shows them, and `ps` shows them to every user: the password must be in neither.
/// </summary>
public static class RedisServerLaunch
{
    public const string Executable = "redis-server";
    public const string PasswordVariable = "REDIS_PASSWORD";

    /// <summary>A store that must not lose what it acknowledged: fsync before each reply, refuse writes when full.</summary>
    public static readonly string[] DurableArguments = ["--appendonly", "yes", "--appendfsync", "always", "--maxmemory-policy", "noeviction"];

    /// <summary>The script /bin/sh runs; $1 is the port. No persistence unless a data directory is given.</summary>
    public static string Script(string? dataDirectory, bool durable = false)
    {
        var persistence = dataDirectory is null
            ? "--save '' --appendonly no"
            : $"--dir '{dataDirectory.Replace("'", "'\\''")}' --appendonly yes --save '60 1'" +
              (durable ? " " + string.Join(" ", DurableArguments.Skip(2)) : "");
        return $"exec {Executable} - --port \"$1\" --bind 127.0.0.1 --protected-mode yes {persistence} <<EOF\n" +
               $"requirepass ${PasswordVariable}\nEOF\n";
    }

    /// <summary>The full path of redis-server on PATH, or null.</summary>
    public static string? Find(string? path) =>
        (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, Executable))
            .FirstOrDefault(File.Exists);
}
