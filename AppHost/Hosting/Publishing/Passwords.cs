using System.Security.Cryptography;

namespace ImbalanceMesh.AppHost.Hosting.Publishing;

/// <summary>Generated secrets: letters and digits only (Aspire's generate { special: false }), safe in any syntax.</summary>
public static class Passwords
{
    public const int Length = 32;

    public static string Generate() =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", Length);

    /// <summary>CACHE_PASSWORD for a cache named "cache": the variable compose and Kubernetes read it from.</summary>
    public static string VariableFor(Model.RedisResource cache) =>
        cache.Name.ToUpperInvariant().Replace('-', '_') + "_PASSWORD";
}
