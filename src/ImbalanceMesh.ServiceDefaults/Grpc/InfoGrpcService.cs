using System.Reflection;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Dependencies;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ImbalanceMesh.ServiceDefaults.Grpc;

/// <summary>imbalancemesh.v1.Info on every service: name, version and a live probe of each dependency.</summary>
public sealed class InfoGrpcService(IEnumerable<IDependencyProbe> probes, IHostEnvironment environment, IConfiguration configuration)
    : InfoService.InfoServiceBase
{
    public override async Task<ServiceInfo> GetInfo(GetInfoRequest request, ServerCallContext context)
    {
        var info = new ServiceInfo
        {
            Name = configuration["OTEL_SERVICE_NAME"] ?? environment.ApplicationName,
            Version = Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
                ?.InformationalVersion ?? "unknown",
            Machine = Environment.MachineName,
            ProcessId = Environment.ProcessId,
        };
        var statuses = await Task.WhenAll(probes.Select(p => p.ProbeAsync(context.CancellationToken)));
        info.Dependencies.AddRange(statuses);
        return info;
    }
}
