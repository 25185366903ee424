using ImbalanceMesh.AppHost.Hosting.Model;

namespace ImbalanceMesh.AppHost.Hosting.Contract;

/// <summary>
/// A value in a service's environment before it is known where the graph runs: the manifest writes it as an
/// Aspire expression, the runner as a loopback address, compose and Kubernetes as in-network DNS names.
/// </summary>
public abstract record EnvValue
{
    public abstract string Resolve(IEndpointResolver resolver);
}

public sealed record LiteralValue(string Text) : EnvValue
{
    public override string Resolve(IEndpointResolver resolver) => Text;
}

/// <summary>{cache.connectionString}</summary>
public sealed record ConnectionStringValue(RedisResource Cache) : EnvValue
{
    public override string Resolve(IEndpointResolver resolver) => resolver.ConnectionString(Cache);
}

/// <summary>{ingestion.bindings.http.url}</summary>
public sealed record EndpointUrlValue(ProjectResource Project) : EnvValue
{
    public override string Resolve(IEndpointResolver resolver) => resolver.Url(Project);
}

/// <summary>{ingestion.bindings.http.targetPort}</summary>
public sealed record TargetPortValue(ProjectResource Project) : EnvValue
{
    public override string Resolve(IEndpointResolver resolver) => resolver.TargetPort(Project);
}

/// <summary>Turns references into text for one place the graph lives (manifest, local run, compose, Kubernetes).</summary>
public interface IEndpointResolver
{
    string ConnectionString(RedisResource cache);
    string Url(ProjectResource project);
    string TargetPort(ProjectResource project);
}
