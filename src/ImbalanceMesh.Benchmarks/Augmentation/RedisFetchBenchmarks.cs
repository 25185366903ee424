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
    private LocalRedis _redis = null!;
    private IDatabase _db = null!;

    [Params(1, 4)]
    public int Batches { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _redis = new LocalRedis();
        _db = _redis.Connection.GetDatabase();
        var payload = new byte[BatchBytes];
        new Random(1).NextBytes(payload);
        for (var k = 0; k < 4; k++) _db.StringSet($"imesh:aug:batch:bench:0:{k}", payload);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _redis.Dispose();
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
}
