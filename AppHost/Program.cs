using ImbalanceMesh.AppHost.Hosting;
using ImbalanceMesh.AppHost.Hosting.Model;

namespace ImbalanceMesh.AppHost;

/// <summary>The ImbalanceMesh resource graph, declared the way a .NET Aspire AppHost declares it.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => AppHostEntry.RunAsync(args, Declare);

    public static ResourceGraph Declare(MeshAppBuilder app)
    {
        var cache = app.AddRedis("cache");

        var ingestion = app.AddProject("ingestion", "../src/ImbalanceMesh.Ingestion")
            .WithDataVolume("ingestion-data", ".imesh/data/ingestion");

        var augmentation = app.AddProject("augmentation", "../src/ImbalanceMesh.Augmentation")
            .WithReference(cache).WaitFor(cache)
            .WithReference(ingestion).WaitFor(ingestion);

        var training = app.AddProject("training", "../src/ImbalanceMesh.Training")
            .WithReference(cache).WaitFor(cache)
            .WithReference(ingestion).WaitFor(ingestion)
            .WithReference(augmentation).WaitFor(augmentation)
            .WithDataVolume("training-checkpoints", ".imesh/data/training")
            .WithEnvironment(LibTorchMalloc.Variable, LibTorchMalloc.OneArena)
            .WithGpuSupport();

        app.AddProject("evaluation", "../src/ImbalanceMesh.Evaluation")
            .WithReference(ingestion).WaitFor(ingestion)
            .WithReference(training).WaitFor(training)
            .WithDataVolume("evaluation-reports", ".imesh/data/evaluation")
            .WithEnvironment(LibTorchMalloc.Variable, LibTorchMalloc.OneArena);

        return app.Build();
    }
}
