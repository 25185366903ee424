using ImbalanceMesh.AppHost.Hosting.Cli;
using ImbalanceMesh.AppHost.Hosting.Running;

namespace ImbalanceMesh.AppHost.Tests.Unit;

public class AppHostOptionsTests
{
    private static AppHostOptions Parse(params string[] args) => Parse(_ => null, args);

    private static AppHostOptions Parse(Func<string, string?> environment, params string[] args) =>
        AppHostOptions.From(AppHostCommandLine.Parse(args), environment);

    [Fact]
    public void All_options_are_read()
    {
        var options = Parse("--data", "d", "--otlp-endpoint", "http://localhost:18889", "--api-key", "k",
            "--port-base", "6100", "--run", "imesh demo");
        var publishing = Parse("--publisher", "k8s", "--output-path", "out", "--gpus", "2");

        Assert.Equal("d", options.DataDirectory);
        Assert.Equal("http://localhost:18889", options.OtlpEndpoint);
        Assert.Equal("k", options.ApiKey);
        Assert.Equal(6100, options.PortBase);
        Assert.Equal("imesh demo", options.RunCommand);
        Assert.Null(options.Publisher);
        Assert.Equal(0, options.Gpus);
        Assert.Equal(Publisher.Kubernetes, publishing.Publisher);
        Assert.Equal("out", publishing.OutputPath);
        Assert.Equal(2, publishing.Gpus);
    }

    [Theory]
    [InlineData("Unknown option '--frobnicate'", "--frobnicate")]
    [InlineData("--port-base 'abc' must be a whole number", "--port-base", "abc")]
    [InlineData("--data needs a value", "--data")]
    [InlineData("--data needs a value", "--data", "--run", "imesh demo")]
    [InlineData("--gpus '17' must be a whole number from 0 to 16", "--gpus", "17")]
    [InlineData("--output-path is only used with --publisher", "--output-path", "x")]
    [InlineData("--publisher needs --output-path", "--publisher", "manifest")]
    [InlineData("Unknown publisher 'helm'", "--publisher", "helm", "--output-path", "x")]
    [InlineData("is not an http(s) URL", "--otlp-endpoint", "localhost:18889")]
    public void Bad_options_are_refused_with_usage_exit_code_and_a_message(string expected, params string[] args)
    {
        var error = Assert.Throws<AppHostException>(() => Parse(args));

        Assert.Contains(expected, error.Message);
        Assert.Equal(AppHostCommandLine.UsageExitCode, error.ExitCode);
    }

    [Fact]
    public void Environment_supplies_the_dashboard_endpoint_and_api_key_unless_given_on_the_command_line()
    {
        var environment = new Dictionary<string, string?>
        {
            [AppHostOptions.OtlpFallbackVariable] = "http://dash:18889", ["IMESH_API_KEY"] = "env-key",
        };

        var fromEnvironment = Parse(name => environment.GetValueOrDefault(name));
        var explicitOnes = Parse(name => environment.GetValueOrDefault(name),
            "--otlp-endpoint", "http://other:4317", "--api-key", "cli-key");

        Assert.Equal("http://dash:18889", fromEnvironment.OtlpEndpoint);
        Assert.Equal("env-key", fromEnvironment.ApiKey);
        Assert.Equal("http://other:4317", explicitOnes.OtlpEndpoint);
        Assert.Equal("cli-key", explicitOnes.ApiKey);
    }

    [Fact]
    public void Restart_back_off_doubles_from_one_second_and_is_capped()
    {
        var policy = RestartPolicy.Default;

        Assert.Equal([1, 2, 4, 8, 16, 30, 30],
            Enumerable.Range(1, 7).Select(n => policy.DelayBefore(n).TotalSeconds));
    }
}
