namespace ImbalanceMesh.Testing;

/// <summary>Where the AppHost, the services and imesh were built, in the same configuration as these tests.</summary>
public static class BuiltArtifacts
{
    private static readonly DirectoryInfo TargetDirectory = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
    private static readonly string TargetFramework = TargetDirectory.Name;
    public static readonly string Configuration = TargetDirectory.Parent!.Name;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string AppHostDll => Output("AppHost", "ImbalanceMesh.AppHost.dll");
    public static string ImeshDll => Output(Path.Combine("src", "ImbalanceMesh.Cli"), "imesh.dll");

    /// <summary>
    /// A service's dll in its own output folder (src/NAME/bin/…/NAME.dll), beside exactly the dependencies its deps.json
    /// names: a test's output folder holds the test's versions of shared packages, which the service may not load.
    /// </summary>
    public static string ServiceDll(string assembly) => Output(Path.Combine("src", assembly), assembly + ".dll");

    private static string Output(string projectDirectory, string assembly) =>
        Path.Combine(RepositoryRoot, projectDirectory, "bin", Configuration, TargetFramework, assembly);

    private static string FindRepositoryRoot()
    {
        for (var dir = TargetDirectory; dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ImbalanceMesh.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No ImbalanceMesh.sln above {AppContext.BaseDirectory}.");
    }
}
