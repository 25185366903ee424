using ImbalanceMesh.AppHost.Hosting;
using ImbalanceMesh.AppHost.Hosting.Model;

namespace ImbalanceMesh.AppHost.Tests.Support;

/// <summary>The real graph from AppHost/Program.cs.</summary>
public static class Mesh
{
    public static readonly string[] Services = ["ingestion", "augmentation", "training", "evaluation"];

    public static ResourceGraph Graph() => Program.Declare(new MeshAppBuilder(AppHostEntry.ProjectDirectory));

    public static ProjectResource Project(string name) => (ProjectResource)Graph()[name];
}
