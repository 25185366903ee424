using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ImbalanceMesh.AppHost.Publishing;

/// <summary>
/// The manifest's parameter.v0 resources as deployment secrets: the variable that carries each one (CACHE_PASSWORD for
/// cache-password) and the value written at publish time.
/// </summary>
public static class ParameterValues
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Variable(string parameter) => parameter.ToUpperInvariant().Replace('-', '_');

    /// <summary>
    /// A generate default yields a fresh secret of its minLength, letters and digits only (safe unescaped in a URI or a
    /// shell); a value default is taken as it is; a parameter without a default is left empty for the operator.
    /// </summary>
    public static string Initial(JsonObject parameter)
    {
        var fallback = parameter["inputs"]?["value"]?["default"];
        if (fallback?["generate"] is JsonObject generate)
            return RandomNumberGenerator.GetString(Alphanumeric, (int?)generate["minLength"] ?? 22);
        return (string?)fallback?["value"] ?? "";
    }
}
