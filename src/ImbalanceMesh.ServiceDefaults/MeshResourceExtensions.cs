using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.ClientFactory;
using ImbalanceMesh.ServiceDefaults.Dependencies;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.ServiceDefaults.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>One-line registrations of the resources a service references in the AppHost graph.</summary>
public static class MeshResourceExtensions
{
    /// <summary>
    /// Registers a typed gRPC client for the named service (<c>http://{name}</c>, resolved by service discovery from
    /// <c>services__{name}__http__0</c>), the API key when configured, errors that name the service that answered
    /// (<see cref="UpstreamStatusInterceptor"/>), and a probe reported by Info.
    /// </summary>
    public static IHttpClientBuilder AddMeshGrpcClient<TClient>(this IHostApplicationBuilder builder, string serviceName)
        where TClient : ClientBase
    {
        var address = new Uri($"http://{serviceName}");
        builder.Services.AddGrpcClient<Health.HealthClient>(GrpcDependencyProbe.HealthClientName(serviceName),
            o => o.Address = address).ConfigureForMesh();
        builder.Services.AddSingleton<IDependencyProbe>(sp => new GrpcDependencyProbe(
            serviceName, sp.GetRequiredService<GrpcClientFactory>(), sp.GetRequiredService<IConfiguration>()));
        return builder.Services.AddGrpcClient<TClient>(o => o.Address = address).ConfigureForMesh()
            .AddInterceptor(() => new UpstreamStatusInterceptor(serviceName));
    }

    /// <summary>
    /// Registers the shared <see cref="IConnectionMultiplexer"/> from <c>ConnectionStrings__{name}</c> through
    /// Aspire.StackExchange.Redis (its health check, Redis command tracing) and a probe reported by Info.
    /// </summary>
    public static IHostApplicationBuilder AddMeshRedis(this IHostApplicationBuilder builder, string name)
    {
        RequireConnectionString(builder, name);
        // A Redis that is down at start-up or restarts later is reconnected to, never a start-up failure.
        builder.AddRedisClient(name, configureOptions: options => options.AbortOnConnectFail = false);
        builder.Services.AddSingleton<IDependencyProbe>(sp =>
            new RedisDependencyProbe(name, sp.GetRequiredService<IConnectionMultiplexer>()));
        return builder;
    }

    /// <summary>
    /// A second Redis beside the shared one: an <see cref="IConnectionMultiplexer"/> keyed by <paramref name="name"/>
    /// (<c>[FromKeyedServices(name)]</c>) from <c>ConnectionStrings__{name}</c>, with its probe reported by Info.
    /// </summary>
    public static IHostApplicationBuilder AddKeyedMeshRedis(this IHostApplicationBuilder builder, string name)
    {
        RequireConnectionString(builder, name);
        builder.AddKeyedRedisClient(name, configureOptions: options => options.AbortOnConnectFail = false);
        builder.Services.AddSingleton<IDependencyProbe>(sp =>
            new RedisDependencyProbe(name, sp.GetRequiredKeyedService<IConnectionMultiplexer>(name)));
        return builder;
    }

    private static void RequireConnectionString(IHostApplicationBuilder builder, string name)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
            throw new InvalidOperationException(
                $"Connection string '{name}' is missing: set ConnectionStrings__{name}=host:port[,password=...] " +
                "(the AppHost does this for you).");
    }

    private static IHttpClientBuilder ConfigureForMesh(this IHttpClientBuilder client)
    {
        // gRPC streams (batches, imports, job watches) outlive the standard handler's 30 s total timeout;
        // gRPC deadlines and status codes govern these calls instead.
#pragma warning disable EXTEXP0001 // the one supported way to opt a client out of ConfigureHttpClientDefaults
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        client.ConfigureChannel(c =>
        {
            c.MaxReceiveMessageSize = ServiceDefaultsExtensions.MaxMessageBytes;
            c.MaxSendMessageSize = ServiceDefaultsExtensions.MaxMessageBytes;
        });
        client.AddCallCredentials((_, metadata, sp) =>
        {
            var key = sp.GetRequiredService<ApiKeyOptions>().Key;
            if (key is not null) metadata.Add(ApiKeyOptions.MetadataKey, key);
            return Task.CompletedTask;
        });
        client.ConfigureChannel(c => c.UnsafeUseInsecureChannelCallCredentials = true);
        return client;
    }
}
