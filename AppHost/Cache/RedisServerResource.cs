namespace ImbalanceMesh.AppHost.Cache;

/// <summary>
/// A local redis-server run as an executable (no container engine needed), with the same connection-string contract as
/// Aspire's Redis container: <c>host:port,password=...</c>.
/// </summary>
public sealed class RedisServerResource(string name, ParameterResource password, string workingDirectory)
    : ExecutableResource(name, "/bin/sh", workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    private EndpointReference? _endpoint;

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => _endpoint ??= new EndpointReference(this, EndpointName);

    // redis-server binds 127.0.0.1 only; "localhost" could resolve to ::1 first.
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Endpoint.Property(EndpointProperty.Port)},password={Password}");
}
