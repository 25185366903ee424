using Grpc.Core;
using ImbalanceMesh.Augmentation.Grpc;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Demo;
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
    private readonly RedisServer _redis = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "imesh-training-" + Guid.NewGuid().ToString("N"));
    private MeshServiceHost<IngestionGrpcService>? _ingestion;
    private MeshServiceHost<AugmentationGrpcService>? _augmentation;

    public MeshServiceHost<IngestionGrpcService> Ingestion => _ingestion!;
    public MeshServiceHost<AugmentationGrpcService> Augmentation => _augmentation!;
    public AugmentationService.AugmentationServiceClient AugmentationClient => new(Augmentation.Channel);
    public string RedisConnectionString => _redis.ConnectionString;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        var inbox = Path.Combine(_root, "inbox");
        DemoDataset.WriteTo(inbox, new Dictionary<string, int> { ["circle"] = 60, ["square"] = 30, ["triangle"] = 15 }, size: 16);
        _ingestion = new MeshServiceHost<IngestionGrpcService>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Ingestion:DataRoot"] = Path.Combine(_root, "ingestion"),
            ["Ingestion:AllowedRoots:0"] = inbox,
        });
        var import = new IngestionService.IngestionServiceClient(Ingestion.Channel).ImportFolder(new ImportFolderRequest
        {
            Options = new ImportOptions { Dataset = Dataset, Seed = 5, Split = new SplitFractions { Train = 0.7, Val = 0.3 } },
            Path = inbox,
        });
        await foreach (var _ in import.ResponseStream.ReadAllAsync()) { }
        _augmentation = new MeshServiceHost<AugmentationGrpcService>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["services:ingestion:http:0"] = Ingestion.Address,
        });
    }

    /// <summary>A training service on dataRoot (a new temp folder when null).</summary>
    public MeshServiceHost<TrainingGrpcService> StartTraining(string dataRoot) => new(new Dictionary<string, string?>
    {
        ["ConnectionStrings:cache"] = _redis.ConnectionString,
        ["services:ingestion:http:0"] = Ingestion.Address,
        ["services:augmentation:http:0"] = Augmentation.Address,
        ["Training:DataRoot"] = dataRoot,
        ["Training:Threads"] = "2",
        ["Training:StepEventMilliseconds"] = "0",
    });

    public string NewDataRoot() => Path.Combine(_root, "training-" + Guid.NewGuid().ToString("N"));

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

    public async Task DisposeAsync()
    {
        if (_augmentation is not null) await _augmentation.DisposeAsync();
        if (_ingestion is not null) await _ingestion.DisposeAsync();
        await _redis.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
