using Grpc.Core;
using ImbalanceMesh.Evaluation.Reports;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Evaluation.Browsing;

/// <summary>
/// The reports and comparisons for a browser, on the HTTP/1.1 browser port only (the Aspire dashboard links here):
/// /reports lists them newest first, /reports/{id} is the self-contained report.html or comparison.html.
/// </summary>
public static class ReportBrowsing
{
    public static WebApplication MapReportBrowsing(this WebApplication app)
    {
        if (app.Configuration.GetValue<int?>(ServiceDefaultsExtensions.BrowserPortKey) is not { } port) return app;
        // By the port the connection came in on: behind Aspire's proxy the Host header names the proxy's port.
        var pages = app.MapGroup("/reports").AddEndpointFilter((context, next) =>
            context.HttpContext.Connection.LocalPort == port ? next(context) : ValueTask.FromResult<object?>(Results.NotFound()));
        pages.MapGet("", (ArtifactStore store) => Results.Content(Index(store.ListIds()), "text/html; charset=utf-8"));
        pages.MapGet("/{id}", (string id, ArtifactStore store) =>
        {
            try
            {
                return Results.File(store.ArtifactPath(id, "html"), "text/html; charset=utf-8");
            }
            catch (MeshException e)
            {
                return Results.Text(e.Message, statusCode: e.Status == StatusCode.NotFound ? 404 : 400);
            }
        });
        return app;
    }

    private static string Index(IReadOnlyList<ArtifactStore.StoredArtifact> artifacts)
    {
        var rows = string.Concat(artifacts.Select(a =>
            $"<tr><td><a href=\"/reports/{a.Id}\">{a.Id}</a></td><td>{(a.Id.StartsWith(ArtifactStore.ComparisonPrefix) ? "comparison" : "report")}</td>" +
            $"<td>{a.WrittenAt:yyyy-MM-dd HH:mm:ss} UTC</td></tr>"));
        var body = artifacts.Count == 0
            ? "<p>No reports yet: run <code>imesh eval</code>, <code>imesh demo</code> or the training resource's \"Run demo sweep\".</p>"
            : $"<table><tr><th>id</th><th>kind</th><th>written</th></tr>{rows}</table>";
        return $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>ImbalanceMesh reports</title></head>" +
               $"<body><h1>ImbalanceMesh reports</h1>{body}</body></html>";
    }
}
