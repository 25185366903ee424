using Grpc.Core;
using ImbalanceMesh.Augmentation.Grpc;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Demo;
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
    private readonly List<IAsyncDisposable> _owned = [];

    public RedisServer Redis { get; } = new();
    public string Root { get; } = Directory.CreateTempSubdirectory("imesh-aug-tests-").FullName;
    public MeshServiceHost<IngestionGrpcService> Ingestion { get; private set; } = null!;
    public MeshServiceHost<AugmentationGrpcService> Augmentation { get; private set; } = null!;
    public AugmentationService.AugmentationServiceClient Client => new(Augmentation.Channel);

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        var inbox = Path.Combine(Root, "inbox");
        DemoDataset.WriteTo(inbox, Counts, size: 24);
        Ingestion = new MeshServiceHost<IngestionGrpcService>(new Dictionary<string, string?>
        {
            ["Ingestion:DataRoot"] = Path.Combine(Root, "ingestion"),
            ["Ingestion:AllowedRoots:0"] = inbox,
        });
        _owned.Add(Ingestion);
        var import = new IngestionService.IngestionServiceClient(Ingestion.Channel).ImportFolder(new ImportFolderRequest
        {
            Options = new ImportOptions { Dataset = Dataset, Split = new SplitFractions { Train = 0.8, Val = 0.1, Test = 0.1 }, Seed = 1 },
            Path = inbox,
        });
        await foreach (var _ in import.ResponseStream.ReadAllAsync()) { }
        Augmentation = StartAugmentation(Redis);
    }

    /// <summary>Another augmentation process (in this test process) against the given Redis.</summary>
    public MeshServiceHost<AugmentationGrpcService> StartAugmentation(RedisServer redis, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["services:ingestion:http:0"] = Ingestion.Address,
            ["Augmentation:AllowedRoots:0"] = Path.Combine(Root, "exports"),
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        var host = new MeshServiceHost<AugmentationGrpcService>(settings);
        _owned.Add(host);
        return host;
    }

    public async Task<RedisServer> StartRedisAsync()
    {
        var redis = new RedisServer();
        await redis.InitializeAsync();
        _owned.Add(new AsyncDisposer(redis.DisposeAsync));
        return redis;
    }

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

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
        await Redis.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }

    private sealed class AsyncDisposer(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class MeshCollection : ICollectionFixture<MeshFixture>
{
    public const string Name = "mesh";
}
