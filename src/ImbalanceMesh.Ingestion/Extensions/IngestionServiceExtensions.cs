using ImbalanceMesh.Ingestion.Configuration;
using ImbalanceMesh.Ingestion.Grpc;
using ImbalanceMesh.Ingestion.Importing;
using ImbalanceMesh.Ingestion.Reading;
using ImbalanceMesh.Ingestion.Storage;
using ImbalanceMesh.Ingestion.Telemetry;

namespace ImbalanceMesh.Ingestion.Extensions;

public static class IngestionServiceExtensions
{
    public static IHostApplicationBuilder AddIngestionServices(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<IngestionOptions>(builder.Configuration.GetSection(IngestionOptions.Section));
        builder.Services.AddSingleton<Catalog>();
        builder.Services.AddSingleton<PackStore>();
        builder.Services.AddSingleton<DatasetLocks>();
        builder.Services.AddSingleton<PathGuard>();
        builder.Services.AddSingleton<Importer>();
        builder.Services.AddSingleton<IngestionMetrics>();
        builder.Services.AddSingleton<SampleReader>();
        builder.Services.AddSingleton<SampleIndexStreamer>();
        return builder;
    }

    public static WebApplication MapIngestionEndpoints(this WebApplication app)
    {
        app.MapGrpcService<IngestionGrpcService>();
        return app;
    }
}
