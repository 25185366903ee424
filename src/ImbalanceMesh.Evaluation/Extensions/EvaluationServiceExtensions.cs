using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Evaluation.Browsing;
using ImbalanceMesh.Evaluation.Comparing;
using ImbalanceMesh.Evaluation.Configuration;
using ImbalanceMesh.Evaluation.Evaluating;
using ImbalanceMesh.Evaluation.Grpc;
using ImbalanceMesh.Evaluation.Models;
using ImbalanceMesh.Evaluation.Plots;
using ImbalanceMesh.Evaluation.Reports;
using ImbalanceMesh.Evaluation.Scoring;
using ImbalanceMesh.Evaluation.Telemetry;

namespace ImbalanceMesh.Evaluation.Extensions;

public static class EvaluationServiceExtensions
{
    public static IHostApplicationBuilder AddEvaluationServices(this IHostApplicationBuilder builder)
    {
        builder.AddMeshGrpcClient<IngestionService.IngestionServiceClient>("ingestion");
        builder.AddMeshGrpcClient<TrainingService.TrainingServiceClient>("training");

        builder.Services.Configure<EvaluationOptions>(builder.Configuration.GetSection(EvaluationOptions.Section));
        builder.Services.AddSingleton<ArtifactStore>();
        builder.Services.AddSingleton<EvaluationMetrics>();
        builder.Services.AddSingleton<PlotFonts>();
        builder.Services.AddSingleton<ReportCharts>();
        builder.Services.AddSingleton<ReportPage>();
        builder.Services.AddSingleton<ComparisonArtifacts>();
        builder.Services.AddSingleton<ModelLoader>();
        builder.Services.AddTransient<ModelResolver>();
        builder.Services.AddTransient<SplitSamples>();
        builder.Services.AddSingleton<SplitScorer>();
        builder.Services.AddTransient<PriorAdjuster>();
        builder.Services.AddTransient<EvaluationRunner>();
        return builder;
    }

    public static WebApplication MapEvaluationEndpoints(this WebApplication app)
    {
        app.MapGrpcService<EvaluationGrpcService>();
        app.MapReportBrowsing();
        return app;
    }
}
