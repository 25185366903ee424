using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Testing;
using ImbalanceMesh.Training.Tests.Support;

namespace ImbalanceMesh.Training.Tests.Faults;

/// <summary>
/// The mesh as the AppHost runs it, every part a real process a test can SIGKILL: a non-persistent redis-server and the
/// built ingestion, augmentation and training dlls, configured with the environment variables the AppHost passes, each
/// on a fixed port and data root so that it starts again where it was. The tiny "shapes" set (16 px) is imported once.
/// Retries are short (100 ms doubling to 1 s) so that an outage costs the tests little.
/// </summary>
public sealed class FaultMesh : IAsyncLifetime
{
    private long _planSeed = 100;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "imesh-faults-" + Guid.NewGuid().ToString("N"));

    public RedisServer Redis { get; } = new();

    /// <summary>The job queue and state: persistent, like the AppHost's jobs Redis, so it outlives a restart of everything.</summary>
    public RedisServer JobsRedis { get; } = RedisServer.Create(persistent: true);
    public ServiceProcess Ingestion { get; private set; } = null!;
    public ServiceProcess Augmentation { get; private set; } = null!;
    public ServiceProcess Training { get; private set; } = null!;

    public string Inbox => Path.Combine(_root, "inbox");
    public string IngestionDataRoot => Path.Combine(_root, "ingestion");
    public string TrainingDataRoot => Path.Combine(_root, "training");
    public TrainingService.TrainingServiceClient TrainingClient => new(Training.Channel);
    public IngestionService.IngestionServiceClient IngestionClient => new(Ingestion.Channel);

    /// <summary>The holder of the job's lease in the jobs Redis ("host/pid/random"), or null when no replica holds it.</summary>
    public static async Task<string?> LeaseHolderAsync(StackExchange.Redis.IConnectionMultiplexer jobsRedis, string jobId) =>
        await jobsRedis.GetDatabase().StringGetAsync(ImbalanceMesh.Training.Storage.JobKeys.Lease(jobId));

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        await JobsRedis.InitializeAsync();
        Ingestion = new ServiceProcess("ImbalanceMesh.Ingestion", new Dictionary<string, string>
        {
            ["Ingestion__DataRoot"] = IngestionDataRoot,
            ["Ingestion__AllowedRoots__0"] = Inbox,
        });
        Augmentation = new ServiceProcess("ImbalanceMesh.Augmentation", new Dictionary<string, string>
        {
            ["ConnectionStrings__cache"] = Redis.ConnectionString,
            ["services__ingestion__http__0"] = Ingestion.Address,
            // A killed worker's claims on the batches it was making expire after this; the default 30 s would only slow the tests.
            ["Augmentation__ClaimMilliseconds"] = "1000",
        });
        Training = NewTrainingReplica();
        await StartServicesAsync();
        await DemoImport.WriteAndImportAsync(IngestionClient, Path.Combine(Inbox, TrainingMesh.Dataset), TrainingMesh.Dataset,
            new Dictionary<string, int> { ["circle"] = 60, ["square"] = 30, ["triangle"] = 15 }, size: 16,
            new SplitFractions { Train = 0.7, Val = 0.3 }, seed: 5);
    }

    /// <summary>
    /// A training replica as the AppHost starts each one: same jobs Redis, same data root, its own port. Not started;
    /// the caller stops it (the mesh's own <see cref="Training"/> is stopped with the mesh).
    /// </summary>
    public ServiceProcess NewTrainingReplica() => new("ImbalanceMesh.Training", new Dictionary<string, string>
    {
        ["ConnectionStrings__cache"] = Redis.ConnectionString,
        ["ConnectionStrings__jobs"] = JobsRedis.ConnectionString,
        ["services__ingestion__http__0"] = Ingestion.Address,
        ["services__augmentation__http__0"] = Augmentation.Address,
        ["Training__DataRoot"] = TrainingDataRoot,
        ["Training__Threads"] = "1",
        ["Training__StepEventMilliseconds"] = "0",
        ["Training__RetryInitialMilliseconds"] = "100",
        ["Training__RetryMaxMilliseconds"] = "1000",
        ["Training__RetryAttempts"] = "120",
        // A killed replica's jobs are taken over 2 s after its last heartbeat; the default 15 s would only slow the tests.
        ["Training__LeaseMilliseconds"] = "2000",
        ["Training__HeartbeatMilliseconds"] = "250",
        ["Training__QueuePollMilliseconds"] = "100",
        ["MALLOC_ARENA_MAX"] = "1",
    });

    /// <summary>Ingestion, augmentation and training, in the AppHost's order (each waits for what it references).</summary>
    public async Task StartServicesAsync()
    {
        await Ingestion.StartAsync();
        await Augmentation.StartAsync();
        await Training.StartAsync();
    }

    /// <summary>What an AppHost restart without --data does: every process and Redis gone at once, then started again.</summary>
    public async Task RestartEverythingAsync()
    {
        await Task.WhenAll(Training.KillAsync(), Augmentation.KillAsync(), Ingestion.KillAsync(), Redis.KillAsync(), JobsRedis.KillAsync());
        await Task.WhenAll(Redis.StartAsync(), JobsRedis.StartAsync());
        await StartServicesAsync();
    }

    /// <summary>Starts whatever an earlier test left dead, so that one failure does not fail the tests after it.</summary>
    public async Task EnsureRunningAsync()
    {
        if (!Redis.IsRunning) await Redis.StartAsync();
        if (!JobsRedis.IsRunning) await JobsRedis.StartAsync();
        foreach (var service in new[] { Ingestion, Augmentation, Training })
            if (!service.IsRunning) await service.StartAsync();
    }

    /// <summary>
    /// A job on a tiny plan of its own (16 px, balanced, 24 steps of 16 images an epoch, so that an epoch outlasts a
    /// kill): a new plan seed each time, so that no batch is in Redis yet and the job needs the augmentation service.
    /// </summary>
    public async Task<Job> StartJobAsync(int epochs)
    {
        var spec = TrainingMesh.TinySpec(epochs);
        spec.Plan.Sampling.StepsPerEpoch = 24;
        spec.Plan.Seed = Interlocked.Increment(ref _planSeed);
        return await TrainingClient.StartTrainingAsync(spec);
    }

    public async Task DisposeAsync()
    {
        foreach (var service in new[] { Training, Augmentation, Ingestion })
            if (service is not null) await service.DisposeAsync();
        await Redis.DisposeAsync();
        await JobsRedis.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
