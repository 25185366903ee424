using ImbalanceMesh.Augmentation.Grpc;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Ingestion.Grpc;
using ImbalanceMesh.Testing;
using Xunit;

namespace ImbalanceMesh.Augmentation.Tests.Support;

/// <summary>
/// A real redis-server, a real Ingestion service holding the demo dataset "demo" (150 / 45 / 15 images, 24×24 RGB,
/// split 80/10/10), and augmentation services started on demand against them.
/// </summary>
public sealed class MeshFixture : IAsyncLifetime
{
    public const string Dataset = "demo";
    public static readonly IReadOnlyDictionary<string, int> Counts = new Dictionary<string, int> { ["circle"] = 150, ["square"] = 45, ["triangle"] = 15 };

    private TestMesh _mesh = null!;

    public RedisServer Redis => _mesh.Redis;
    public string Root => _mesh.Root;
    public MeshServiceHost<IngestionGrpcService> Ingestion { get; private set; } = null!;
    public MeshServiceHost<AugmentationGrpcService> Augmentation { get; private set; } = null!;
    public AugmentationService.AugmentationServiceClient Client => new(Augmentation.Channel);

    public async Task InitializeAsync()
    {
        _mesh = await TestMesh.StartAsync();
        Ingestion = _mesh.Start<IngestionGrpcService>("ingestion", [], new Dictionary<string, string?>
        {
            ["Ingestion:DataRoot"] = _mesh.PathUnderRoot("ingestion"),
            ["Ingestion:AllowedRoots:0"] = _mesh.PathUnderRoot("inbox"),
        });
        await _mesh.ImportDemoAsync(new IngestionService.IngestionServiceClient(Ingestion.Channel), Dataset, Counts, size: 24,
            new SplitFractions { Train = 0.8, Val = 0.1, Test = 0.1 }, seed: 1);
        Augmentation = StartAugmentation(Redis);
    }

    /// <summary>Another augmentation process (in this test process) against the given Redis.</summary>
    public MeshServiceHost<AugmentationGrpcService> StartAugmentation(RedisServer redis, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Augmentation:AllowedRoots:0"] = _mesh.PathUnderRoot("exports") };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        return _mesh.Start<AugmentationGrpcService>("augmentation", [TestMesh.Cache, "ingestion"], settings, redis);
    }

    public Task<RedisServer> StartRedisAsync() => _mesh.StartRedisAsync();

    /// <summary>A client of another augmentation process with these settings, on a fresh redis-server of its own.</summary>
    public async Task<AugmentationService.AugmentationServiceClient> ClientOnOwnRedisAsync(IDictionary<string, string?> settings) =>
        new(StartAugmentation(await StartRedisAsync(), settings).Channel);

    public static PlanSpec Spec(int seed = 1, int batch = 16, SamplingPolicy policy = SamplingPolicy.SamplingBalanced, double mixup = 0,
        double cutmix = 0, Split split = Split.Train, bool augment = true, int epochs = 2) => new()
    {
        Dataset = new DatasetRef { Dataset = Dataset },
        Split = split,
        Sampling = new SamplingSpec { Policy = policy },
        Augmentation = new AugmentationSpec
        {
            Enabled = augment, RotationDegrees = 15, WidthShift = 0.1, HeightShift = 0.1, Zoom = 0.1, HorizontalFlip = true,
            Brightness = 0.2, Contrast = 0.2, FillMode = FillMode.FillReflect,
        },
        Mix = new MixSpec { MixupAlpha = mixup, CutmixAlpha = cutmix },
        BatchSize = batch,
        ImageSize = 16,
        Seed = seed,
        Epochs = epochs,
    };

    public async Task DisposeAsync() => await _mesh.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MeshCollection : ICollectionFixture<MeshFixture>
{
    public const string Name = "mesh";
}
