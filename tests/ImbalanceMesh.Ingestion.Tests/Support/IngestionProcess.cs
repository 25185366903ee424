using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.Ingestion.Tests.Support;

/// <summary>
/// The built ingestion service as its own OS process on a sandbox's data root, configured by environment variables as
/// the AppHost does — so a test can kill it with SIGKILL mid-import.
/// </summary>
public sealed class IngestionProcess : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private IngestionProcess(ServiceProcess process) => _process = process;

    public IngestionService.IngestionServiceClient Client => new(_process.Channel);

    public static async Task<IngestionProcess> StartAsync(IngestionSandbox box)
    {
        var process = new ServiceProcess("ImbalanceMesh.Ingestion", new Dictionary<string, string>
        {
            ["Ingestion__DataRoot"] = box.DataRoot,
            ["Ingestion__AllowedRoots__0"] = box.Inbox,
        });
        await process.StartAsync();
        return new IngestionProcess(process);
    }

    /// <summary>SIGKILL: no shutdown hooks, no disposal, nothing flushed.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
