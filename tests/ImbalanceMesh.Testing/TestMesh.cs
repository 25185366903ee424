using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Testing;

/// <summary>
/// The one in-process wiring of the mesh for service tests: a real redis-server, services hosted on loopback Kestrel
/// ports and configured with the keys Aspire passes (a reference to "cache" becomes ConnectionStrings:cache, one to a
/// service services:{name}:http:0), a scratch root, and the demo dataset imported into ingestion.
/// </summary>
public sealed class TestMesh : IAsyncDisposable
{
    public const string Cache = "cache";

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Dictionary<string, string> _addresses = [];

    private TestMesh(RedisServer redis) => Redis = redis;

    public RedisServer Redis { get; }
    public string Root { get; } = Directory.CreateTempSubdirectory("imesh-mesh-").FullName;

    public static async Task<TestMesh> StartAsync()
    {
        var redis = new RedisServer();
        await redis.InitializeAsync();
        return new TestMesh(redis);
    }

    public string PathUnderRoot(string name) => Path.Combine(Root, name);

    /// <summary>
    /// Hosts the service whose assembly holds <typeparamref name="TEntryPoint"/> under <paramref name="name"/>, given
    /// the resources it references and its own settings. A later service may reference it by that name. A host the
    /// mesh does not own is the test's to stop (and to start again on the same data root).
    /// </summary>
    public MeshServiceHost<TEntryPoint> Start<TEntryPoint>(string name, IEnumerable<string> references,
        IDictionary<string, string?>? settings = null, RedisServer? redis = null, bool ownedByMesh = true) where TEntryPoint : class
    {
        var all = new Dictionary<string, string?>();
        foreach (var reference in references)
            all[reference == Cache ? $"ConnectionStrings:{Cache}" : $"services:{reference}:http:0"] =
                reference == Cache ? (redis ?? Redis).ConnectionString : _addresses[reference];
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var host = new MeshServiceHost<TEntryPoint>(all);
        if (ownedByMesh) _owned.Add(host);
        _addresses[name] = host.Address;
        return host;
    }

    /// <summary>Another redis-server, stopped with the mesh; persistent like the AppHost's jobs Redis if asked.</summary>
    public async Task<RedisServer> StartRedisAsync(bool persistent = false)
    {
        var redis = RedisServer.Create(persistent);
        await redis.InitializeAsync();
        _owned.Add(new Disposer(redis.DisposeAsync));
        return redis;
    }

    /// <summary>Writes the demo shapes with these class counts under Root/inbox and imports them as one dataset.</summary>
    public Task ImportDemoAsync(IngestionService.IngestionServiceClient ingestion, string dataset,
        IReadOnlyDictionary<string, int> counts, int size, SplitFractions split, long seed) =>
        DemoImport.WriteAndImportAsync(ingestion, PathUnderRoot("inbox"), dataset, counts, size, split, seed);

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
        await Redis.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }

    private sealed class Disposer(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
