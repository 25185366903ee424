using ImbalanceMesh.Augmentation.Grpc;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Ingestion.Grpc;
using ImbalanceMesh.Testing;
using ImbalanceMesh.Training.Grpc;

namespace ImbalanceMesh.Training.Tests.Support;

/// <summary>
/// Real redis-server + Ingestion + Augmentation on loopback ports, with a small imbalanced demo dataset ("shapes",
/// 16 px) imported once. Training hosts are started per test on their own data root, and can be restarted on it.
/// </summary>
public sealed class TrainingMesh : IAsyncLifetime
{
    public const string Dataset = "shapes";
    private TestMesh _mesh = null!;
    private readonly Dictionary<string, RedisServer> _jobs = [];

    public MeshServiceHost<IngestionGrpcService> Ingestion { get; private set; } = null!;
    public MeshServiceHost<AugmentationGrpcService> Augmentation { get; private set; } = null!;
    public AugmentationService.AugmentationServiceClient AugmentationClient => new(Augmentation.Channel);
    public string RedisConnectionString => _mesh.Redis.ConnectionString;

    public async Task InitializeAsync()
    {
        _mesh = await TestMesh.StartAsync();
        Ingestion = _mesh.Start<IngestionGrpcService>("ingestion", [TestMesh.Cache], new Dictionary<string, string?>
        {
            ["Ingestion:DataRoot"] = _mesh.PathUnderRoot("ingestion"),
            ["Ingestion:AllowedRoots:0"] = _mesh.PathUnderRoot("inbox"),
        });
        await _mesh.ImportDemoAsync(new IngestionService.IngestionServiceClient(Ingestion.Channel), Dataset,
            new Dictionary<string, int> { ["circle"] = 60, ["square"] = 30, ["triangle"] = 15 }, size: 16,
            new SplitFractions { Train = 0.7, Val = 0.3 }, seed: 5);
        Augmentation = _mesh.Start<AugmentationGrpcService>("augmentation", [TestMesh.Cache, "ingestion"]);
    }

    /// <summary>The folder training reads pretrained weights from by path (Training:AllowedRoots).</summary>
    public string WeightsRoot => _mesh.PathUnderRoot("weights");

    /// <summary>
    /// A training replica on dataRoot, with the jobs Redis of that root (persistent, started with the first replica on
    /// it): replicas on one root share one job queue, as the AppHost's do. Not owned by the mesh, so a test can stop
    /// and restart it on the same root.
    /// </summary>
    public async Task<MeshServiceHost<TrainingGrpcService>> StartTrainingAsync(string dataRoot,
        IDictionary<string, string?>? settings = null)
    {
        if (!_jobs.TryGetValue(dataRoot, out var jobs)) _jobs[dataRoot] = jobs = await StartJobsRedisAsync();
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:jobs"] = jobs.ConnectionString,
            ["Training:DataRoot"] = dataRoot,
            ["Training:Threads"] = "2",
            ["Training:StepEventMilliseconds"] = "0",
            ["Training:QueuePollMilliseconds"] = "100",
            ["Training:AllowedRoots:0"] = WeightsRoot,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return _mesh.Start<TrainingGrpcService>("training", [TestMesh.Cache, "ingestion", "augmentation"], all, ownedByMesh: false);
    }

    /// <summary>A jobs Redis of its own (persistent), stopped with the mesh.</summary>
    public Task<RedisServer> StartJobsRedisAsync() => _mesh.StartRedisAsync(persistent: true);

    /// <summary>The jobs Redis of a data root a replica was started on.</summary>
    public RedisServer JobsRedis(string dataRoot) => _jobs[dataRoot];

    public string NewDataRoot() => _mesh.PathUnderRoot("training-" + Guid.NewGuid().ToString("N"));

    /// <summary>A tiny training plan spec on the demo set: 16 px grayscale, balanced sampling, a few steps an epoch.</summary>
    public static PlanSpec TinyPlan(int epochs) => new()
    {
        Dataset = new DatasetRef { Dataset = Dataset },
        Split = Split.Train,
        Sampling = new SamplingSpec { Policy = SamplingPolicy.SamplingBalanced, StepsPerEpoch = 4 },
        Augmentation = new AugmentationSpec { Enabled = true, HorizontalFlip = true },
        BatchSize = 16,
        ImageSize = 16,
        Channels = 1,
        Seed = 9,
        Epochs = epochs,
    };

    public static TrainingSpec TinySpec(int epochs, string loss = "ce") => new()
    {
        Dataset = new DatasetRef { Dataset = Dataset },
        Plan = TinyPlan(epochs),
        Model = "cnn",
        Width = 16,
        Loss = new LossSpec { Name = loss },
        Optimizer = new OptimizerSpec { Name = "adam", LearningRate = 0.01, Schedule = "constant" },
        Epochs = epochs,
        Seed = 1,
    };

    public async Task DisposeAsync() => await _mesh.DisposeAsync();
}
