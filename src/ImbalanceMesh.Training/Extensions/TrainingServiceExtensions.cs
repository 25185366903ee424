using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Configuration;
using ImbalanceMesh.Training.Grpc;
using ImbalanceMesh.Training.Jobs;
using ImbalanceMesh.Training.Loop;
using ImbalanceMesh.Training.Specs;
using ImbalanceMesh.Training.Storage;
using ImbalanceMesh.Training.Telemetry;

namespace ImbalanceMesh.Training.Extensions;

public static class TrainingServiceExtensions
{
    public static IHostApplicationBuilder AddTrainingServices(this IHostApplicationBuilder builder)
    {
        builder.AddMeshRedis("cache");
        builder.AddKeyedMeshRedis(JobStore.ConnectionName);
        builder.AddMeshGrpcClient<IngestionService.IngestionServiceClient>("ingestion");
        builder.AddMeshGrpcClient<AugmentationService.AugmentationServiceClient>("augmentation");

        builder.Services.Configure<TrainingOptions>(builder.Configuration.GetSection(TrainingOptions.Section));
        builder.Services.AddOptions<TrainingOptions>()
            .Validate(o => o.MaxThreads >= 1 && o.Threads >= 0 && o.Threads <= o.MaxThreads,
                "Training:Threads must be 0 (one per core) .. Training:MaxThreads, and Training:MaxThreads at least 1")
            .Validate(o => o.HeartbeatMilliseconds >= 10 && o.LeaseMilliseconds >= 3 * o.HeartbeatMilliseconds,
                "Training:LeaseMilliseconds must be at least 3 x Training:HeartbeatMilliseconds (at least 10), so that a missed heartbeat does not lose a job")
            .Validate(o => o.QueuePollMilliseconds >= 10 && o.WatchPollMilliseconds >= 10,
                "Training:QueuePollMilliseconds and Training:WatchPollMilliseconds must be at least 10")
            .ValidateOnStart();
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<CheckpointStore>();
        builder.Services.AddSingleton<PretrainedStore>();
        builder.Services.AddTransient<PretrainedResolver>();
        builder.Services.AddSingleton<TrainingMetrics>();
        builder.Services.AddSingleton<JobEventHub>();
        builder.Services.AddHostedService<JobEventRelay>();
        builder.Services.AddSingleton<JobLeases>();
        builder.Services.AddSingleton<JobAttempts>();
        builder.Services.AddSingleton<JobScheduler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobScheduler>());
        builder.Services.AddTransient<PlanResolver>();
        builder.Services.AddTransient<JobSubmission>();
        builder.Services.AddSingleton<CachedBatches>();
        builder.Services.AddTransient<BatchFeeds>();
        builder.Services.AddTransient<Validator>();
        builder.Services.AddTransient<JobRunner>();
        builder.Services.AddTransient<DecouplingRunner>();
        return builder;
    }

    public static WebApplication MapTrainingEndpoints(this WebApplication app)
    {
        app.MapGrpcService<TrainingGrpcService>();
        return app;
    }
}
