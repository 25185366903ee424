using ImbalanceMesh.Ingestion.Grpc;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.Cli.Tests;

/// <summary>A temporary folder and a real ingestion service on loopback whose data root lies in it; both go on dispose.</summary>
public sealed class LocalIngestion : IAsyncDisposable
{
    /// <param name="settings">More service settings, given the temporary folder.</param>
    public LocalIngestion(Func<string, Dictionary<string, string?>> settings)
    {
        var all = settings(Root);
        all["Ingestion:DataRoot"] = Path.Combine(Root, "data");
        Host = new MeshServiceHost<IngestionGrpcService>(all);
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("imesh-cli-").FullName;

    public MeshServiceHost<IngestionGrpcService> Host { get; }

    public string Address => Host.Address;

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
