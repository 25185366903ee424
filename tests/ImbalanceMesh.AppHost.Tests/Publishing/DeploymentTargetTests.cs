using ImbalanceMesh.AppHost.Publishing;

namespace ImbalanceMesh.AppHost.Tests.Publishing;

public sealed class DeploymentTargetTests
{
    [Fact]
    public void Compose_and_k8s_become_aspires_manifest_publisher_writing_a_temporary_file_other_options_kept()
    {
        var target = DeploymentTarget.From(AppHostArguments.Parse(
            ["--log-level", "Warning", "--publisher", "k8s", "--gpus=2", "--output-path", "out"]));

        Assert.Equal(["--log-level", "Warning", "--publisher", "manifest", "--output-path"], target.AspireArguments[..^1]);
        Assert.StartsWith(Path.GetTempPath(), target.AspireArguments[^1]);
        Assert.EndsWith(".json", target.AspireArguments[^1]);
    }

    [Fact]
    public void Any_other_command_line_reaches_aspire_unchanged()
    {
        string[] manifest = ["--publisher", "manifest", "--output-path", "m.json"];
        var run = AppHostArguments.Parse(["--run", "imesh demo", "--log-level", "Debug"]);

        Assert.Equal(manifest, DeploymentTarget.From(AppHostArguments.Parse(manifest)).AspireArguments);
        Assert.Equal(["--log-level", "Debug"], DeploymentTarget.From(run).AspireArguments);
    }

    [Theory]
    [InlineData("--publisher compose --output-path d --port-base abc", "--port-base 'abc' must be a whole number from 1024 to 65000.")]
    [InlineData("--publisher compose --output-path d --port-base 80", "--port-base '80' must be a whole number from 1024 to 65000.")]
    [InlineData("--publisher k8s --output-path d --gpus -1", "--gpus '-1' must be a whole number from 0 to 64.")]
    [InlineData("--publisher compose --output-path d --gpus 1", "--gpus applies only to --publisher k8s.")]
    [InlineData("--port-base 6000", "--port-base applies only to --publisher compose.")]
    [InlineData("--publisher k8s", "--publisher k8s needs --output-path DIR.")]
    public void Bad_deployment_options_are_named_with_the_usage_exit_code(string commandLine, string message)
    {
        var error = Assert.Throws<AppHostException>(() => DeploymentTarget.From(AppHostArguments.Parse(commandLine.Split(' '))));

        Assert.Equal(message, error.Message);
        Assert.Equal(AppHostArguments.UsageExitCode, error.ExitCode);
    }

    [Fact]
    public async Task The_built_apphost_refuses_a_bad_port_base_and_writes_nothing()
    {
        var output = Path.Combine(Path.GetTempPath(), $"imesh-refused-{Guid.NewGuid():N}");

        var (exitCode, printed) = await BuiltAppHost.RunAsync(null, "--publisher", "compose", "--output-path", output, "--port-base", "x");

        Assert.Equal(AppHostArguments.UsageExitCode, exitCode);
        Assert.Contains("apphost: --port-base 'x' must be a whole number from 1024 to 65000.", printed);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task A_relative_output_path_is_taken_from_where_the_command_is_run()
    {
        var directory = Directory.CreateTempSubdirectory("imesh-relative-").FullName;
        try
        {
            var (exitCode, printed) = await BuiltAppHost.RunAsync(directory, "--publisher", "k8s", "--output-path", "deploy/k8s");

            Assert.True(exitCode == 0, printed);
            Assert.True(File.Exists(Path.Combine(directory, "deploy", "k8s", KubernetesObjects.KustomizationFile)), printed);
            Assert.Contains($"apphost: converted Aspire's manifest into {Path.Combine(directory, "deploy", "k8s")}", printed);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_api_key_set_while_publishing_is_never_written_into_the_files()
    {
        const string key = "api-key-that-must-not-leak";
        var directory = Directory.CreateTempSubdirectory("imesh-api-key-").FullName;
        try
        {
            var environment = new Dictionary<string, string> { [MeshSettings.ApiKeyVariable] = key };
            foreach (var format in new[] { DeploymentTarget.Compose, DeploymentTarget.Kubernetes })
            {
                var (exitCode, printed) = await BuiltAppHost.RunAsync(directory, environment,
                    "--publisher", format, "--output-path", format);
                Assert.True(exitCode == 0, printed);
            }

            var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories);
            Assert.Equal(11, files.Length); // docker-compose.yml, .env; eight resources' files and kustomization.yaml
            Assert.All(files, f => Assert.DoesNotContain(key, File.ReadAllText(f)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
