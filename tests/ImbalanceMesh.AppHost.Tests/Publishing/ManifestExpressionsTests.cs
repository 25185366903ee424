using ImbalanceMesh.AppHost.Publishing;

namespace ImbalanceMesh.AppHost.Tests.Publishing;

/// <summary>Expressions the AppHost's own manifest does not hold today, on a small hand-written manifest.</summary>
public sealed class ManifestExpressionsTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    private AspireManifest Manifest(string env)
    {
        File.WriteAllText(_file, """
            {"resources": {
              "web": {"type": "project.v0", "path": "web.csproj", "env": ENV,
                      "bindings": {"http": {"scheme": "http", "protocol": "tcp", "transport": "http2"}}},
              "token": {"type": "annotated.string", "value": "a b/c", "filter": "uri"},
              "key": {"type": "parameter.v0", "value": "{key.inputs.value}", "inputs": {"value": {"type": "string", "secret": true}}},
              "keyed": {"type": "annotated.string", "value": "{key.value}", "filter": "uri"}
            }}
            """.Replace("ENV", env));
        return AspireManifest.Load(_file);
    }

    [Fact]
    public void The_uri_filter_escapes_literal_text_and_leaves_parameters_to_the_deployment()
    {
        var env = Manifest("""{"T": "{token.value}", "K": "x={keyed.value}"}""").Environment("web").ToDictionary(e => e.Key, e => e.Value);

        Assert.Equal("a%20b%2Fc", env["T"].Render(t => t, p => $"<{p}>"));
        Assert.Equal("x=<key>", env["K"].Render(t => t, p => $"<{p}>"));
    }

    [Fact]
    public void An_expression_with_no_meaning_in_a_container_network_is_named()
    {
        var manifest = Manifest("""{"X": "{web.bindings.http.nonsense}"}""");

        var error = Assert.Throws<AppHostException>(() => manifest.Environment("web"));

        Assert.Contains("{web.bindings.http.nonsense}", error.Message);
    }
}
