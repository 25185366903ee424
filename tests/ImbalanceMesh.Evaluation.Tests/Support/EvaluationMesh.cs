using Grpc.Core;
using ImbalanceMesh.Augmentation.Grpc;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Grpc;
using ImbalanceMesh.Imaging.Demo;
using ImbalanceMesh.Ingestion.Grpc;
using ImbalanceMesh.Testing;
using ImbalanceMesh.Training.Grpc;

namespace ImbalanceMesh.Evaluation.Tests.Support;

/// <summary>
/// Real redis-server, Ingestion (an imbalanced 16 px demo set with a test split), Augmentation, Training and the
/// Evaluation service under test, each on its own loopback port.
/// </summary>
public sealed class EvaluationMesh : IAsyncLifetime
{
    public const string Dataset = "shapes";
    public static readonly string[] Classes = ["circle", "square", "triangle"];
    private readonly RedisServer _redis = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "imesh-evaluation-" + Guid.NewGuid().ToString("N"));
    private readonly List<IAsyncDisposable> _hosts = [];

    public MeshServiceHost<IngestionGrpcService> Ingestion { get; private set; } = null!;
    public MeshServiceHost<TrainingGrpcService> Training { get; private set; } = null!;
    public MeshServiceHost<EvaluationGrpcService> Evaluation { get; private set; } = null!;
    public string EvaluationRoot => Path.Combine(_root, "evaluation");
    public string InboxRoot => Path.Combine(_root, "inbox");

    public EvaluationService.EvaluationServiceClient Client => new(Evaluation.Channel);
    public TrainingService.TrainingServiceClient TrainingClient => new(Training.Channel);
    public IngestionService.IngestionServiceClient IngestionClient => new(Ingestion.Channel);

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        DemoDataset.WriteTo(InboxRoot, new Dictionary<string, int> { ["circle"] = 60, ["square"] = 30, ["triangle"] = 15 }, size: 16);
        Ingestion = Add(new MeshServiceHost<IngestionGrpcService>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Ingestion:DataRoot"] = Path.Combine(_root, "ingestion"),
            ["Ingestion:AllowedRoots:0"] = InboxRoot,
        }));
        var import = IngestionClient.ImportFolder(new ImportFolderRequest
        {
            Options = new ImportOptions { Dataset = Dataset, Seed = 5, Split = new SplitFractions { Train = 0.6, Val = 0.2, Test = 0.2 } },
            Path = InboxRoot,
        });
        await foreach (var _ in import.ResponseStream.ReadAllAsync()) { }
        var augmentation = Add(new MeshServiceHost<AugmentationGrpcService>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["services:ingestion:http:0"] = Ingestion.Address,
        }));
        Training = Add(new MeshServiceHost<TrainingGrpcService>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["services:ingestion:http:0"] = Ingestion.Address,
            ["services:augmentation:http:0"] = augmentation.Address,
            ["Training:DataRoot"] = Path.Combine(_root, "training"),
            ["Training:Threads"] = "2",
        }));
        Evaluation = Add(new MeshServiceHost<EvaluationGrpcService>(new Dictionary<string, string?>
        {
            ["services:ingestion:http:0"] = Ingestion.Address,
            ["services:training:http:0"] = Training.Address,
            ["Evaluation:DataRoot"] = EvaluationRoot,
            ["Evaluation:Threads"] = "2",
            ["Evaluation:BatchSize"] = "8",
        }));
    }

    /// <summary>The true class of every test-split sample, counted from Ingestion.</summary>
    public async Task<Dictionary<string, long>> TestSplitCountsAsync()
    {
        var counts = Classes.ToDictionary(c => c, _ => 0L);
        using var call = IngestionClient.StreamSamples(new StreamSamplesRequest
        {
            Dataset = new DatasetRef { Dataset = Dataset }, Split = Split.Test, Format = SampleFormat.Original,
        });
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
            foreach (var sample in chunk.Samples) counts[sample.ClassName]++;
        return counts;
    }

    private T Add<T>(T host) where T : IAsyncDisposable
    {
        _hosts.Add(host);
        return host;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts)) await host.DisposeAsync();
        await _redis.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class EvaluationCollection : ICollectionFixture<EvaluationMesh>
{
    public const string Name = "evaluation mesh";
}
