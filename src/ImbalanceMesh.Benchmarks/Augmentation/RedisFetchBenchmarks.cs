using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using StackExchange.Redis;

namespace ImbalanceMesh.Benchmarks.Augmentation;

/// <summary>
/// GET of one cached batch (64×3×64×64 uint8 + labels ≈ 790 kB, the service's batch key layout) from a redis-server
/// on loopback, through StackExchange.Redis as the service does. GB/s = bytes / mean time.
/// </summary>
public class RedisFetchBenchmarks
{
    private const int BatchBytes = 64 * 3 * 64 * 64 + 64 * 3 * 4 + 64 * 16 + 64;
    private Process? _server;
    private ConnectionMultiplexer _redis = null!;
    private IDatabase _db = null!;

    [Params(1, 4)]
    public int Batches { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var port = FreePort();
        _server = Process.Start(new ProcessStartInfo("redis-server")
        {
            ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("redis-server did not start (apt-get install -y redis-server)");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                _redis = ConnectionMultiplexer.Connect($"127.0.0.1:{port}");
                break;
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                Thread.Sleep(100);
            }
        }
        _db = _redis.GetDatabase();
        var payload = new byte[BatchBytes];
        new Random(1).NextBytes(payload);
        for (var k = 0; k < 4; k++) _db.StringSet($"imesh:aug:batch:bench:0:{k}", payload);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _redis.Dispose();
        _server?.Kill();
        _server?.Dispose();
    }

    /// <summary>Batches fetched concurrently (pipelined on the one multiplexer connection, as a reading-ahead consumer does).</summary>
    [Benchmark(Description = "GET cached batches (~790 kB each)")]
    public async Task<long> FetchBatches()
    {
        var gets = Enumerable.Range(0, Batches).Select(k => _db.StringGetLeaseAsync($"imesh:aug:batch:bench:0:{k}")).ToArray();
        long total = 0;
        foreach (var get in gets)
        {
            using var lease = await get;
            total += lease!.Length;
        }
        return total;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
