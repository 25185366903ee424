extern alias ingestion;

using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Grpc.Core;
using Grpc.Net.Client;
using ImbalanceMesh.Contracts.V1;
using ingestion::ImbalanceMesh.Ingestion.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImbalanceMesh.Benchmarks.Ingestion;

/// <summary>
/// StreamSamples of a whole 2,000-image dataset over loopback HTTP/2 gRPC from the real service (Kestrel in this
/// process, its own registration). The benchmark returns the payload bytes; MB/s = payload / mean time.
/// </summary>
[MemoryDiagnoser(false)]
public class StreamSamplesBenchmarks
{
    public const int Images = 2000;

    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;
    private IngestionService.IngestionServiceClient _client = null!;
    private string _root = null!;

    [Params(32, 64)]
    public int Size { get; set; }

    [Params(SampleFormat.Pixels, SampleFormat.Original)]
    public SampleFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = BenchmarkImages.WriteTree(Images, Size);
        var port = FreePort();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["Ingestion:DataRoot"] = Path.Combine(_root, ".data");
        builder.Configuration["Ingestion:AllowedRoots:0"] = _root;
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 64 * 1024 * 1024);
        builder.AddIngestionServices();
        _app = builder.Build();
        _app.MapIngestionEndpoints();
        _app.StartAsync().GetAwaiter().GetResult();
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        _client = new IngestionService.IngestionServiceClient(_channel);
        var import = _client.ImportFolder(new ImportFolderRequest
        {
            Options = new ImportOptions { Dataset = "bench", Split = new SplitFractions { Train = 1 } }, Path = _root,
        });
        while (import.ResponseStream.MoveNext().GetAwaiter().GetResult()) { }
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var payload = StreamAll().GetAwaiter().GetResult();
        cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
        // Server and client share this process, so the CPU time covers both ends of the stream.
        Console.WriteLine($"// payload per stream: {payload / 1e6:0.00} MB; CPU for one stream: {cpu.TotalMilliseconds:0} ms (server + client)");
    }

    [Benchmark]
    public Task<long> StreamAll() => Stream();

    private async Task<long> Stream()
    {
        var call = _client.StreamSamples(new StreamSamplesRequest
        {
            Dataset = new DatasetRef { Dataset = "bench" }, Split = Split.Train, Format = Format, SamplesPerChunk = 256,
        });
        long bytes = 0;
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
            foreach (var sample in chunk.Samples) bytes += sample.Data.Length;
        return bytes;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _channel.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
