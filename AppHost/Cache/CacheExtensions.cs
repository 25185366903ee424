using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImbalanceMesh.AppHost.Cache;

public static class CacheExtensions
{
    /// <summary>
    /// Aspire's Redis container where a container engine answers and in publish mode; otherwise a local redis-server
    /// that gives dependants the same ConnectionStrings__{name}. Persistence only with a data directory.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddCache(this IDistributedApplicationBuilder builder,
        string name, string? dataDirectory) => builder.AddMeshRedis(name, dataDirectory, durable: false);

    /// <summary>
    /// The training replicas' shared job queue and state: a Redis like the cache, but always persistent in
    /// <paramref name="dataDirectory"/> (a volume when published), every write in its append-only file before the reply,
    /// and never evicting (a full Redis refuses writes rather than forget a job).
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddJobStore(this IDistributedApplicationBuilder builder,
        string name, string dataDirectory) => builder.AddMeshRedis(name, dataDirectory, durable: true);

    private static IResourceBuilder<IResourceWithConnectionString> AddMeshRedis(this IDistributedApplicationBuilder builder,
        string name, string? dataDirectory, bool durable)
    {
        if (builder.ExecutionContext.IsPublishMode || ContainerEngine.Answers())
        {
            var container = builder.AddRedis(name);
            if (durable)
            {
                if (builder.ExecutionContext.IsPublishMode) container.WithDataVolume();
                else container.WithDataBindMount(dataDirectory!);
                // Aspire's Redis container runs "/bin/sh -c SCRIPT": the options belong in the script.
                container.WithPersistence().WithArgs(context =>
                {
                    var script = context.Args.IndexOf("-c") + 1;
                    context.Args[script] = $"{context.Args[script]} {string.Join(" ", RedisServerLaunch.DurableArguments)}";
                });
            }
            else if (dataDirectory is not null) container.WithDataBindMount(dataDirectory).WithPersistence();
            return container;
        }
        if (RedisServerLaunch.Find(Environment.GetEnvironmentVariable("PATH")) is null)
            throw new AppHostException($"{name}: no container engine answers (docker info) and {RedisServerLaunch.Executable} " +
                                       "is not installed (not on PATH). Install it: apt-get install -y redis-server");

        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        if (dataDirectory is not null) Directory.CreateDirectory(dataDirectory);
        var workingDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("imesh-redis-").FullName;
        var server = new RedisServerResource(name, password, workingDirectory);
        var healthCheck = $"{name}-ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheck, _ => new RedisPingHealthCheck(server), null, null));
        return builder.AddResource(server)
            .WithEndpoint(name: RedisServerResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("-c");
                context.Args.Add(RedisServerLaunch.Script(dataDirectory, durable));
                context.Args.Add(RedisServerLaunch.Executable); // $0
                context.Args.Add(server.Endpoint.Property(EndpointProperty.TargetPort)); // $1
            })
            .WithEnvironment(context => context.EnvironmentVariables[RedisServerLaunch.PasswordVariable] = password)
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");
    }
}
