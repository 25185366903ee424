using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImbalanceMesh.AppHost.Commands;

/// <summary>What a person can do from the Aspire dashboard: buttons on resources, and links.</summary>
public static class DashboardCommands
{
    public const string ImportDemoData = "import-demo-data";
    public const string RunDemoSweep = "run-demo-sweep";
    public const string ReportsEndpoint = "reports";

    /// <summary>"Import demo data" on ingestion: the embedded demo set written under .imesh/demo-data and imported as "demo".</summary>
    public static IResourceBuilder<ProjectResource> WithImportDemoDataCommand(this IResourceBuilder<ProjectResource> ingestion, MeshSettings mesh) =>
        ingestion.WithImeshCommand(ImportDemoData, "Import demo data", mesh,
            "imesh demo-data .imesh/demo-data && imesh ingest folder .imesh/demo-data --dataset demo && imesh stats demo",
            "Writes the embedded imbalanced demo set (circles, squares, triangles; 13.3:1) and imports it as dataset 'demo'.",
            "DatabaseArrowUp");

    /// <summary>"Run demo sweep" on training: `imesh demo` — baseline, the doctor's pick and balanced batches, ranked.</summary>
    public static IResourceBuilder<ProjectResource> WithDemoSweepCommand(this IResourceBuilder<ProjectResource> training, MeshSettings mesh) =>
        training.WithImeshCommand(RunDemoSweep, "Run demo sweep", mesh, "imesh demo --out demo-report",
            "Trains the cross-entropy baseline, the imbalance doctor's pick and balanced batches on the demo set (about " +
            "two minutes a strategy on two cores) and ranks them; reports appear under the evaluation resource's Reports link.",
            "BrainCircuit");

    /// <summary>The evaluation service's reports, for browsers: an HTTP/1.1 endpoint shown as "Reports" in the dashboard.</summary>
    public static IResourceBuilder<ProjectResource> WithReportsLink(this IResourceBuilder<ProjectResource> evaluation, MeshSettings mesh)
    {
        if (mesh.IsPublishMode) return evaluation;
        // Not `env:`: an endpoint given that way is left out of ASPNETCORE_URLS. Kestrel binds both; this names the one for browsers.
        evaluation.WithHttpEndpoint(name: ReportsEndpoint);
        return evaluation.WithEnvironment("Browser__Port", evaluation.GetEndpoint(ReportsEndpoint).Property(EndpointProperty.TargetPort))
            .WithUrlForEndpoint(ReportsEndpoint, url =>
            {
                url.Url = "/reports";
                url.DisplayText = "Reports";
            });
    }

    private static IResourceBuilder<ProjectResource> WithImeshCommand(this IResourceBuilder<ProjectResource> service, string name,
        string displayName, MeshSettings mesh, string script, string description, string icon)
    {
        var appHostDirectory = service.ApplicationBuilder.AppHostDirectory;
        // Process commands are marked experimental in Aspire 13.6; they are exactly "run this and show its output".
#pragma warning disable ASPIREPROCESSCOMMAND001
        return service.WithProcessCommand(name, displayName, _ =>
        {
            var spec = new ProcessCommandSpec("/bin/sh") { Arguments = ["-c", script], WorkingDirectory = mesh.Root };
            spec.EnvironmentVariables["PATH"] = ImeshCli.PathWithImesh(appHostDirectory, mesh);
            return spec;
        }, new ProcessCommandOptions
        {
            Description = description,
            IconName = icon,
            MaxOutputLineCount = 40,
            // Enabled once the service answers: the CLI finds the mesh through .imesh/endpoints.json.
            UpdateState = context => context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });
#pragma warning restore ASPIREPROCESSCOMMAND001
    }
}
