using Microsoft.Extensions.Configuration;

namespace ImbalanceMesh.ServiceDefaults.Security;

/// <summary>The shared API key, from IMESH_API_KEY. Null means every caller is let in.</summary>
public sealed record ApiKeyOptions(string? Key)
{
    public const string EnvironmentVariable = "IMESH_API_KEY";
    public const string MetadataKey = "x-api-key";

    public static ApiKeyOptions From(IConfiguration configuration)
    {
        var key = configuration[EnvironmentVariable];
        return new ApiKeyOptions(string.IsNullOrWhiteSpace(key) ? null : key);
    }
}
