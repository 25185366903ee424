namespace ImbalanceMesh.AppHost.Publishing;

/// <summary>
/// A manifest value with its references resolved for a container network: literal text, and the parameters (secrets)
/// it holds, which each deployment format spells its own way (${VAR} from .env, $(VAR) from a Kubernetes Secret).
/// </summary>
public sealed record ManifestValue(IReadOnlyList<ValuePart> Parts)
{
    public static ManifestValue Literal(string text) => new([new ValuePart(text, IsParameter: false)]);

    public static ManifestValue Parameter(string name) => new([new ValuePart(name, IsParameter: true)]);

    /// <summary>The parameter this value is, if it is exactly one and nothing else.</summary>
    public string? SingleParameter => Parts is [{ IsParameter: true } part] ? part.Text : null;

    public IEnumerable<string> ParametersUsed => Parts.Where(p => p.IsParameter).Select(p => p.Text);

    public string Render(Func<string, string> literal, Func<string, string> parameter) =>
        string.Concat(Parts.Select(p => p.IsParameter ? parameter(p.Text) : literal(p.Text)));

    public static ManifestValue Concat(IEnumerable<ManifestValue> values) =>
        new(values.SelectMany(v => v.Parts).Where(p => p.IsParameter || p.Text.Length > 0).ToList());
}

/// <param name="Text">The literal text, or the parameter's resource name.</param>
public sealed record ValuePart(string Text, bool IsParameter);
