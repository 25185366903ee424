using ImbalanceMesh.AppHost.Publishing;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.AppHost.Tests.Publishing;

/// <summary>
/// No container engine runs here, so the Dockerfiles of the manifest's projects are checked for what the images must
/// do and for what the compose and Kubernetes files assume of them.
/// </summary>
[Collection(PublishingCollection.Name)]
public sealed class DockerfileTests(PublishedOutput published)
{
    [Fact]
    public void Each_project_image_is_built_in_the_sdk_and_runs_only_the_publish_output_as_a_non_root_user_on_8080()
    {
        Assert.Equal(PublishedOutput.Services, published.Manifest.Projects);
        foreach (var project in published.Manifest.Projects)
        {
            var projectFile = published.Manifest.ProjectFile(project);
            var assembly = Path.GetFileNameWithoutExtension(projectFile);
            var lines = File.ReadAllLines(Path.Combine(Path.GetDirectoryName(projectFile)!, "Dockerfile"))
                .Where(l => !l.TrimStart().StartsWith('#')).ToList();
            var stages = lines.Where(l => l.StartsWith("FROM ")).ToList();

            Assert.Equal(["FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", "FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final"], stages);
            Assert.Contains(lines, l => l.StartsWith("RUN dotnet publish ") && l.Contains($"src/{assembly}/{assembly}.csproj"));
            var final = lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet")).ToList();
            var copy = Assert.Single(final, l => l.StartsWith("COPY "));
            Assert.Contains("--from=build", copy);
            Assert.EndsWith("/app/publish .", copy);
            Assert.Contains("USER $APP_UID", final);
            Assert.Contains($"ENV HTTP_PORTS={AspireManifest.ProjectPort}", final);
            Assert.Contains($"EXPOSE {AspireManifest.ProjectPort}", final);
            Assert.Contains(final, l => l.StartsWith("HEALTHCHECK"));
            var command = string.Join(", ", ContainerImages.HealthCheckCommand(projectFile).Select(a => $"\"{a}\""));
            Assert.Contains(final, l => l.Trim() == $"CMD [{command}]");
            Assert.Equal($"ENTRYPOINT [\"dotnet\", \"/app/{assembly}.dll\"]", final.Last());
        }
    }

    [Fact]
    public void Every_folder_a_DataRoot_points_at_is_prepared_for_the_app_user_so_volumes_mounted_there_are_writable()
    {
        foreach (var (resource, path) in published.DataRoots())
        {
            var dockerfile = Path.Combine(Path.GetDirectoryName(published.Manifest.ProjectFile(resource))!, "Dockerfile");
            Assert.Contains(File.ReadAllLines(dockerfile), l => l == $"RUN mkdir -p {path} && chown -R $APP_UID /app/.imesh");
        }
    }

    [Fact]
    public void The_build_context_leaves_out_build_outputs_local_state_and_secrets()
    {
        var context = ContainerImages.BuildContext(published.Manifest.ProjectFile("ingestion"));
        var ignored = File.ReadAllLines(Path.Combine(context, ".dockerignore"));

        Assert.Equal(BuiltArtifacts.RepositoryRoot, context);
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("**/.imesh/", ignored);
        Assert.Contains("**/.env", ignored);
    }
}
