using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ImbalanceMesh.AppHost.Publishing;

/// <summary>
/// Resolves the manifest's {resource.path} expressions for a container network, where every resource is reached by
/// its name as DNS name on its target port: {cache.bindings.tcp.host} is "cache", {x.bindings.http.url} is
/// "http://x:8080", {cache.connectionString} is that resource's own expression resolved in turn, and a parameter's
/// input ({cache-password.inputs.value}) stays a parameter for the deployment format to read from its secret store.
/// </summary>
public sealed partial class ManifestExpressions(AspireManifest manifest)
{
    /// <summary>The value, and every container or project it refers to (directly or through other expressions).</summary>
    public (ManifestValue Value, IReadOnlySet<string> Resources) Resolve(string text)
    {
        var resources = new HashSet<string>(StringComparer.Ordinal);
        return (Resolve(text, resources), resources);
    }

    private ManifestValue Resolve(string text, HashSet<string> resources)
    {
        var parts = new List<ManifestValue>();
        var position = 0;
        foreach (Match match in Expression().Matches(text))
        {
            parts.Add(ManifestValue.Literal(text[position..match.Index]));
            parts.Add(Evaluate(match.Groups[1].Value, resources));
            position = match.Index + match.Length;
        }
        parts.Add(ManifestValue.Literal(text[position..]));
        return ManifestValue.Concat(parts);
    }

    private ManifestValue Evaluate(string expression, HashSet<string> resources)
    {
        var path = expression.Split('.');
        var name = path[0];
        var resource = manifest.Resource(name);
        var type = AspireManifest.TypeOf(resource);
        if (type is AspireManifest.ContainerType or AspireManifest.ProjectType) resources.Add(name);

        switch (path[1..])
        {
            case ["inputs", "value"] when type == AspireManifest.ParameterType:
                return ManifestValue.Parameter(name);
            case ["bindings", var binding, var property]:
                return ManifestValue.Literal(Binding(name, binding, property, expression));
            case ["value"] when type == AspireManifest.AnnotatedStringType:
                return Filtered(Resolve(Text(resource, "value", expression), resources), (string?)resource["filter"], expression);
            case [var field]:
                return Resolve(Text(resource, field, expression), resources);
            default:
                throw Unresolvable(expression);
        }
    }

    private string Binding(string name, string binding, string property, string expression) => property switch
    {
        "host" => name,
        "port" or "targetPort" => manifest.Port(name, binding).ToString(),
        "scheme" => manifest.Scheme(name, binding),
        "url" => $"{manifest.Scheme(name, binding)}://{name}:{manifest.Port(name, binding)}",
        _ => throw Unresolvable(expression),
    };

    /// <summary>
    /// "uri" escapes the literal text. Parameters are left as they are: the generated ones hold only letters and digits,
    /// which need no escaping.
    /// </summary>
    private static ManifestValue Filtered(ManifestValue value, string? filter, string expression) => filter switch
    {
        null => value,
        "uri" => new ManifestValue(value.Parts.Select(p => p.IsParameter ? p : p with { Text = Uri.EscapeDataString(p.Text) }).ToList()),
        _ => throw Unresolvable(expression),
    };

    private static string Text(JsonObject resource, string field, string expression) =>
        resource[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw Unresolvable(expression);

    private static AppHostException Unresolvable(string expression) =>
        new($"The Aspire manifest's expression {{{expression}}} has no meaning in a container network.");

    [GeneratedRegex(@"\{([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)\}")]
    private static partial Regex Expression();
}
