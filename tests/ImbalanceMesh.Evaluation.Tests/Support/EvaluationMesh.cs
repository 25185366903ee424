using Grpc.Core;
using ImbalanceMesh.Augmentation.Grpc;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Grpc;
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
    private TestMesh _mesh = null!;

    public MeshServiceHost<IngestionGrpcService> Ingestion { get; private set; } = null!;
    public MeshServiceHost<TrainingGrpcService> Training { get; private set; } = null!;
    public MeshServiceHost<EvaluationGrpcService> Evaluation { get; private set; } = null!;
    public string EvaluationRoot => _mesh.PathUnderRoot("evaluation");
    public string InboxRoot => _mesh.PathUnderRoot("inbox");

    public EvaluationService.EvaluationServiceClient Client => new(Evaluation.Channel);
    public TrainingService.TrainingServiceClient TrainingClient => new(Training.Channel);
    public IngestionService.IngestionServiceClient IngestionClient => new(Ingestion.Channel);

    public async Task InitializeAsync()
    {
        _mesh = await TestMesh.StartAsync();
        Ingestion = _mesh.Start<IngestionGrpcService>("ingestion", [TestMesh.Cache], new Dictionary<string, string?>
        {
            ["Ingestion:DataRoot"] = _mesh.PathUnderRoot("ingestion"),
            ["Ingestion:AllowedRoots:0"] = InboxRoot,
        });
        await _mesh.ImportDemoAsync(IngestionClient, Dataset,
            new Dictionary<string, int> { ["circle"] = 60, ["square"] = 30, ["triangle"] = 15 }, size: 16,
            new SplitFractions { Train = 0.6, Val = 0.2, Test = 0.2 }, seed: 5);
        _mesh.Start<AugmentationGrpcService>("augmentation", [TestMesh.Cache, "ingestion"]);
        var jobs = await _mesh.StartRedisAsync(persistent: true);
        Training = _mesh.Start<TrainingGrpcService>("training", [TestMesh.Cache, "ingestion", "augmentation"], new Dictionary<string, string?>
        {
            ["ConnectionStrings:jobs"] = jobs.ConnectionString,
            ["Training:DataRoot"] = _mesh.PathUnderRoot("training"),
            ["Training:Threads"] = "2",
        });
        Evaluation = _mesh.Start<EvaluationGrpcService>("evaluation", ["ingestion", "training"], new Dictionary<string, string?>
        {
            ["Evaluation:DataRoot"] = EvaluationRoot,
            ["Evaluation:Threads"] = "2",
            ["Evaluation:BatchSize"] = "8",
        });
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

    public async Task DisposeAsync() => await _mesh.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class EvaluationCollection : ICollectionFixture<EvaluationMesh>
{
    public const string Name = "evaluation mesh";
}
