using ImbalanceMesh.Evaluation.Grpc;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Evaluation.Extensions;

public static class EvaluationServiceExtensions
{
    public static IHostApplicationBuilder AddEvaluationServices(this IHostApplicationBuilder builder)
    {
        builder.AddMeshGrpcClient<IngestionService.IngestionServiceClient>("ingestion");
        builder.AddMeshGrpcClient<TrainingService.TrainingServiceClient>("training");
        return builder;
    }

    public static WebApplication MapEvaluationEndpoints(this WebApplication app)
    {
        app.MapGrpcService<EvaluationGrpcService>();
        return app;
    }
}
