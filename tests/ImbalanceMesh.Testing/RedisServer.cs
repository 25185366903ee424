using Xunit;
using System.Diagnostics;
using StackExchange.Redis;

namespace ImbalanceMesh.Testing;

/// <summary>
/// A real redis-server on a free loopback port, with a password, for one test class or collection: without persistence
/// (the cache), or persistent like the AppHost's jobs Redis (append-only file written before each reply, no eviction).
/// It can be killed and started again on the same port and password: empty, or with what it held when persistent.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly bool persistent;

    /// <summary>A cache-like server (the one public constructor an xUnit class fixture may have).</summary>
    public RedisServer() : this(persistent: false) { }

    private RedisServer(bool persistent) => this.persistent = persistent;

    /// <summary>A cache-like or a persistent server.</summary>
    public static RedisServer Create(bool persistent) => new(persistent);

    private readonly string _workDir = Directory.CreateTempSubdirectory("imesh-redis-").FullName;
    private Process? _process;

    public int Port { get; private set; }
    public string Password { get; } = Guid.NewGuid().ToString("N");

    /// <summary>StackExchange.Redis / Aspire syntax: host:port,password=...</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

    public Task InitializeAsync()
    {
        Port = FreePort.Next();
        return StartAsync();
    }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>SIGKILL: without persistence, everything it held is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill();
        await process.WaitForExitAsync();
    }

    /// <summary>Starts the server (again, after KillAsync) on the same port and password; returns once it answers PING.</summary>
    public async Task StartAsync()
    {
        _process?.Dispose();
        var start = new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--requirepass", Password, "--dir", _workDir },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in persistent
                     ? ["--appendonly", "yes", "--appendfsync", "always", "--maxmemory-policy", "noeviction"]
                     : new[] { "--appendonly", "no" })
            start.ArgumentList.Add(argument);
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("redis-server is not installed: apt-get install -y redis-server", e);
        }
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                await using var probe = await ConnectAsync();
                await probe.GetDatabase().PingAsync();
                return;
            }
            catch (RedisException) when (DateTime.UtcNow < deadline && !_process.HasExited) // unreachable, or LOADING its file
            {
                await Task.Delay(50);
            }
        }
    }

    public Task<ConnectionMultiplexer> ConnectAsync() =>
        ConnectionMultiplexer.ConnectAsync($"{ConnectionString},allowAdmin=true,connectTimeout=1000");

    public async Task FlushAllAsync()
    {
        await using var admin = await ConnectAsync();
        await admin.GetServer($"127.0.0.1:{Port}").FlushAllDatabasesAsync();
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
