using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.ServiceDefaults.Dependencies;

/// <summary>Checks, right now, whether one referenced resource (Redis, another service) answers.</summary>
public interface IDependencyProbe
{
    string Name { get; }
    Task<DependencyStatus> ProbeAsync(CancellationToken cancellationToken);
}
