using ImbalanceMesh.Training.Grpc;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Training.Extensions;

public static class TrainingServiceExtensions
{
    public static IHostApplicationBuilder AddTrainingServices(this IHostApplicationBuilder builder)
    {
        builder.AddMeshRedis("cache");
        builder.AddMeshGrpcClient<IngestionService.IngestionServiceClient>("ingestion");
        builder.AddMeshGrpcClient<AugmentationService.AugmentationServiceClient>("augmentation");
        return builder;
    }

    public static WebApplication MapTrainingEndpoints(this WebApplication app)
    {
        app.MapGrpcService<TrainingGrpcService>();
        return app;
    }
}
