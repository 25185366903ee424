using ImbalanceMesh.Ingestion.Grpc;
namespace ImbalanceMesh.Ingestion.Extensions;

public static class IngestionServiceExtensions
{
    public static IHostApplicationBuilder AddIngestionServices(this IHostApplicationBuilder builder)
    {

        return builder;
    }

    public static WebApplication MapIngestionEndpoints(this WebApplication app)
    {
        app.MapGrpcService<IngestionGrpcService>();
        return app;
    }
}
