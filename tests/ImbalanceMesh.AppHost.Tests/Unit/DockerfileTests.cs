using ImbalanceMesh.AppHost.Tests.Support;

namespace ImbalanceMesh.AppHost.Tests.Unit;

/// <summary>No container engine runs here, so the Dockerfiles are checked for what the images must do.</summary>
public class DockerfileTests
{
    public static TheoryData<string> Services => new(Mesh.Services);

    [Theory]
    [MemberData(nameof(Services))]
    public void Each_image_is_built_in_the_sdk_and_runs_only_the_publish_output_as_a_non_root_user(string service)
    {
        var project = Mesh.Project(service);
        var lines = File.ReadAllLines(Path.Combine(project.ProjectDirectory, "Dockerfile"))
            .Where(l => !l.TrimStart().StartsWith('#')).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ")).ToList();

        Assert.Equal(["FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", "FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final"], stages);
        Assert.Contains(lines, l => l.StartsWith("RUN dotnet publish ") && l.Contains($"src/{project.AssemblyName}/{project.AssemblyName}.csproj"));
        var final = lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet")).ToList();
        var copy = Assert.Single(final, l => l.StartsWith("COPY "));
        Assert.Contains("--from=build", copy);
        Assert.EndsWith("/app/publish .", copy);
        Assert.Contains("USER $APP_UID", final);
        Assert.Contains(final, l => l.Contains($"\"dotnet\", \"/app/{project.AssemblyName}.dll\", \"--health-check\""));
        Assert.Contains(final, l => l.StartsWith("HEALTHCHECK"));
        Assert.Equal($"ENTRYPOINT [\"dotnet\", \"/app/{project.AssemblyName}.dll\"]", final.Last());
    }

    [Fact]
    public void The_build_context_leaves_out_build_outputs_local_state_and_secrets()
    {
        var ignored = File.ReadAllLines(Path.Combine(Mesh.Graph().RepositoryRoot, ".dockerignore"));

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("**/.imesh/", ignored);
        Assert.Contains("**/.env", ignored);
    }
}
