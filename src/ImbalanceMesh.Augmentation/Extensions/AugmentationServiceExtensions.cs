using ImbalanceMesh.Augmentation.Grpc;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Augmentation.Extensions;

public static class AugmentationServiceExtensions
{
    public static IHostApplicationBuilder AddAugmentationServices(this IHostApplicationBuilder builder)
    {
        builder.AddMeshRedis("cache");
        builder.AddMeshGrpcClient<IngestionService.IngestionServiceClient>("ingestion");
        return builder;
    }

    public static WebApplication MapAugmentationEndpoints(this WebApplication app)
    {
        app.MapGrpcService<AugmentationGrpcService>();
        return app;
    }
}
