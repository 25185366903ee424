namespace ImbalanceMesh.AppHost.Hosting.Model;

/// <summary>A Redis cache: a redis-server child process when run, the redis container when published.</summary>
public sealed class RedisResource(string name) : MeshResource(name)
{
    public const int TargetPort = 6379;
    public const string Image = "docker.io/library/redis";
    public const string ImageTag = "7.4";

    /// <summary>The parameter.v0 resource holding the generated password, named like Aspire names it.</summary>
    public string PasswordParameterName => $"{Name}-password";
}
