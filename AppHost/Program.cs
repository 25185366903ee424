using ImbalanceMesh.AppHost;
using ImbalanceMesh.AppHost.Cache;
using ImbalanceMesh.AppHost.Commands;
using ImbalanceMesh.AppHost.Lifecycle;
using ImbalanceMesh.AppHost.Publishing;
using ImbalanceMesh.AppHost.Services;
using Microsoft.Extensions.DependencyInjection;

try
{
    var arguments = AppHostArguments.Parse(args);
    var target = DeploymentTarget.From(arguments);
    var builder = DistributedApplication.CreateBuilder(target.AspireArguments);
    var mesh = MeshSettings.From(arguments, builder);

    var cache = builder.AddCache("cache", mesh.RedisDataDirectory);
    var jobs = builder.AddJobStore("jobs", mesh.DataRoot("jobs"));

    var ingestion = builder.AddGrpcService<Projects.ImbalanceMesh_Ingestion>("ingestion", mesh)
        .WithDataRoot("Ingestion", mesh)
        .WithAllowedRoot("Ingestion", mesh)
        .WithImportDemoDataCommand(mesh);

    var augmentation = builder.AddGrpcService<Projects.ImbalanceMesh_Augmentation>("augmentation", mesh)
        .WithReference(cache).WaitFor(cache)
        .WithReference(ingestion).WaitFor(ingestion)
        .WithAllowedRoot("Augmentation", mesh)
        .WithReplicas(mesh.AugmentationReplicas);

    var training = builder.AddGrpcService<Projects.ImbalanceMesh_Training>("training", mesh)
        .WithReference(cache).WaitFor(cache)
        .WithReference(jobs).WaitFor(jobs)
        .WithReference(ingestion).WaitFor(ingestion)
        .WithReference(augmentation).WaitFor(augmentation)
        .WithDataRoot("Training", mesh)
        .WithOneMallocArena()
        .WithDemoSweepCommand(mesh)
        .WithReplicas(mesh.TrainingReplicas);

    builder.AddGrpcService<Projects.ImbalanceMesh_Evaluation>("evaluation", mesh)
        .WithReference(ingestion).WaitFor(ingestion)
        .WithReference(training).WaitFor(training)
        .WithDataRoot("Evaluation", mesh)
        .WithOneMallocArena()
        .WithReportsLink(mesh);

    builder.AddMeshLifecycle(mesh);
    var app = builder.Build();
    var exit = app.Services.GetRequiredService<MeshExit>();
    try
    {
        await app.RunAsync();
    }
    catch (OperationCanceledException) when (exit.Code != 0)
    {
        // Start-up was stopped because a resource failed; the lifecycle has said which and why.
    }
    target.WriteConverted(builder.AppHostDirectory, mesh, Console.Out);
    return exit.Code;
}
catch (AppHostException e)
{
    Console.Error.WriteLine($"apphost: {e.Message}");
    return e.ExitCode;
}
