using ImbalanceMesh.Augmentation.Caching;
using ImbalanceMesh.Augmentation.Configuration;
using ImbalanceMesh.Augmentation.Grpc;
using ImbalanceMesh.Augmentation.Outputs;
using ImbalanceMesh.Augmentation.Plans;
using ImbalanceMesh.Augmentation.Production;
using ImbalanceMesh.Augmentation.Sources;
using ImbalanceMesh.Augmentation.Telemetry;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Augmentation.Extensions;

public static class AugmentationServiceExtensions
{
    /// <summary>The Redis of cached batches and plans (ConnectionStrings__cache).</summary>
    public const string CacheName = "cache";

    public static IHostApplicationBuilder AddAugmentationServices(this IHostApplicationBuilder builder)
    {
        builder.AddMeshRedis(CacheName);
        builder.Services.AddSingleton(_ => new UntracedRedis(builder.Configuration.GetConnectionString(CacheName)!));
        builder.AddMeshGrpcClient<IngestionService.IngestionServiceClient>("ingestion");
        builder.Services.Configure<AugmentationOptions>(builder.Configuration.GetSection(AugmentationOptions.Section));
        builder.Services.AddOptions<AugmentationOptions>()
            .Validate(o => o.MaxBatchBytes is > 0 and <= AugmentationOptions.LargestBatchBytes,
                $"Augmentation:MaxBatchBytes must be 1..{AugmentationOptions.LargestBatchBytes} (a batch travels as one gRPC message)")
            .Validate(o => o.SourceMemoryBytes > 0, "Augmentation:SourceMemoryBytes must be > 0")
            .Validate(o => o.MaxConcurrentProductions > 0, "Augmentation:MaxConcurrentProductions must be ≥ 1")
            .ValidateOnStart();
        builder.Services.AddSingleton<PlanBudget>();
        builder.Services.AddSingleton<DatasetResolver>();
        builder.Services.AddSingleton<IngestionRetry>();
        builder.Services.AddSingleton<SourceIndexLoader>();
        builder.Services.AddSingleton<SourceIndexCache>();
        builder.Services.AddSingleton<PixelCache>();
        builder.Services.AddSingleton<SampleFetcher>();
        builder.Services.AddSingleton<PlanStore>();
        builder.Services.AddSingleton<PlanRuntimes>();
        builder.Services.AddSingleton<PlanCatalog>();
        builder.Services.AddSingleton<BatchCache>();
        builder.Services.AddSingleton<PlanCounters>();
        builder.Services.AddSingleton<AugmentationMetrics>();
        builder.Services.AddSingleton<ProductionSlots>();
        builder.Services.AddSingleton<BatchServer>();
        builder.Services.AddSingleton<AugmentedExporter>();
        builder.Services.AddSingleton<PreviewRenderer>();
        return builder;
    }

    public static WebApplication MapAugmentationEndpoints(this WebApplication app)
    {
        app.MapGrpcService<AugmentationGrpcService>();
        return app;
    }
}
