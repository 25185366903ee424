using Microsoft.Extensions.DependencyInjection;

namespace ImbalanceMesh.AppHost.Lifecycle;

public static class LifecycleExtensions
{
    /// <summary>endpoints.json, crash restarts and --run in a local run; nothing when publishing.</summary>
    public static IDistributedApplicationBuilder AddMeshLifecycle(this IDistributedApplicationBuilder builder, MeshSettings mesh)
    {
        builder.Services.AddSingleton(mesh);
        builder.Services.AddSingleton<MeshExit>();
        if (mesh.IsPublishMode) return builder;
        builder.Services.AddSingleton<StartupWatch>();
        builder.Services.AddSingleton<CrashRestarts>();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RunCommand>(sp, builder.AppHostDirectory));
        builder.Services.AddSingleton<MeshLifecycle>();
        builder.Eventing.Subscribe<BeforeStartEvent>((start, cancellationToken) =>
        {
            _ = start.Services.GetRequiredService<MeshLifecycle>().RunAsync();
            return Task.CompletedTask;
        });
        return builder;
    }
}
