using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Ingestion.Grpc;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.Ingestion.Tests.Support;

/// <summary>
/// A temporary folder holding the service's data root and an "inbox" (the only allowed root) where tests write the
/// files to import; the service runs on a real loopback port and can be restarted on the same data root.
/// </summary>
public sealed class IngestionSandbox : IAsyncDisposable
{
    private bool _stopped;

    public IngestionSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "imesh-ingestion-" + Guid.NewGuid().ToString("N"));
        Inbox = Path.Combine(Root, "inbox");
        DataRoot = Path.Combine(Root, "data");
        Directory.CreateDirectory(Inbox);
        Host = Start();
    }

    public string Root { get; }
    public string Inbox { get; }
    public string DataRoot { get; }
    public MeshServiceHost<IngestionGrpcService> Host { get; private set; }
    public IngestionService.IngestionServiceClient Client => new(Host.Channel);

    public string PacksFolder => Path.Combine(DataRoot, "packs");
    /// <summary>Where running imports keep their scratch files (the samples accepted so far).</summary>
    public string ImportsFolder => Path.Combine(DataRoot, "imports");

    /// <summary>Stops the in-process service (e.g. to let a separate process own the data root).</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        await Host.DisposeAsync();
        _stopped = true;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        Host = Start();
        _stopped = false;
    }

    public string WriteFile(string relative, byte[] bytes)
    {
        var path = Path.Combine(Inbox, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public async Task<(List<ImportProgress> Progress, ImportResult Result)> ImportFolderAsync(string dataset, string relative = "",
        SplitFractions? split = null, long seed = 1, int resize = 0)
    {
        var call = Client.ImportFolder(new ImportFolderRequest
        {
            Options = new ImportOptions { Dataset = dataset, Split = split, Seed = seed, Resize = resize },
            Path = Path.Combine(Inbox, relative),
        });
        var progress = new List<ImportProgress>();
        ImportResult? result = null;
        await foreach (var e in call.ResponseStream.ReadAllAsync())
            if (e.EventCase == ImportEvent.EventOneofCase.Progress) progress.Add(e.Progress);
            else result = e.Result;
        return (progress, result ?? throw new InvalidOperationException("the import stream ended without a result"));
    }

    public async Task<List<Sample>> StreamAsync(string dataset, Split split = Split.Unspecified,
        SampleFormat format = SampleFormat.Pixels, int version = 0, int perChunk = 0)
    {
        var call = Client.StreamSamples(new StreamSamplesRequest
        {
            Dataset = new DatasetRef { Dataset = dataset, Version = version }, Split = split, Format = format, SamplesPerChunk = perChunk,
        });
        var samples = new List<Sample>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync()) samples.AddRange(chunk.Samples);
        return samples;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the shutting-down host is not worth failing a test over.
        }
    }

    private MeshServiceHost<IngestionGrpcService> Start() => new(new Dictionary<string, string?>
    {
        ["Ingestion:DataRoot"] = DataRoot,
        ["Ingestion:AllowedRoots:0"] = Inbox,
    });
}
