using System.Net.Sockets;
using System.Text.Json;
using ImbalanceMesh.Imaging.Demo;

namespace ImbalanceMesh.Cli.Tests.Ingestion;

/// <summary>`imesh ingest upload` against a real ingestion service on loopback, with real files, links and sockets on disk.</summary>
[Collection(ImeshRun.Collection)]
public sealed class UploadCommandTests : IAsyncLifetime
{
    private readonly LocalIngestion _ingestion = new(root => new() { ["Ingestion:AllowedRoots:0"] = Path.Combine(root, "server-inbox") });

    private string Pets => Path.Combine(_ingestion.Root, "pets");

    public Task InitializeAsync()
    {
        var cats = Directory.CreateDirectory(Path.Combine(Pets, "cats")).FullName;
        foreach (var image in DemoDataset.Generate(new Dictionary<string, int> { ["circle"] = 2 }, size: 16))
            File.WriteAllBytes(Path.Combine(cats, image.FileName), image.Png);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _ingestion.DisposeAsync().AsTask();

    private Task<(int Exit, string Out, string Error)> Imesh(params string[] args) =>
        ImeshRun.RunAsync([.. args, "--ingestion", _ingestion.Address, "--json"]);

    private static Dictionary<string, string> Rejections(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("rejected").EnumerateArray()
            .ToDictionary(r => r.GetProperty("file").GetString()!, r => r.GetProperty("reason").GetString()!.Split(':')[0]);
    }

    private static long Imported(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("imported").GetInt64();
    }

    private static void Sparse(string path, long length)
    {
        using var file = File.Create(path);
        file.SetLength(length);
    }

    [Fact]
    public async Task Links_out_loops_and_unreadable_files_are_rejected_per_file_and_nothing_outside_is_sent()
    {
        var cats = Path.Combine(Pets, "cats");
        File.CreateSymbolicLink(Path.Combine(cats, "passwd.png"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(Pets, "etc"), "/etc");
        Directory.CreateSymbolicLink(Path.Combine(cats, "up"), cats);
        File.CreateSymbolicLink(Path.Combine(cats, "self.png"), Path.Combine(cats, "self.png"));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(cats, "socket.png")));

        var (exit, output, error) = await Imesh("ingest", "upload", Pets, "--dataset", "pets");

        Assert.Equal(1, exit);
        Assert.Equal("", error);
        Assert.Equal(2, Imported(output));
        Assert.Equal(new Dictionary<string, string>
        {
            ["etc"] = "outside-allowed-roots",
            ["cats/passwd.png"] = "outside-allowed-roots",
            ["cats/self.png"] = "symlink-loop",
            ["cats/up"] = "symlink-loop",
            ["cats/socket.png"] = "unreadable",
        }, Rejections(output));
    }

    [Fact]
    public async Task Files_over_the_message_size_and_over_2_GiB_are_streamed_and_rejected_by_the_server_alone()
    {
        Sparse(Path.Combine(Pets, "cats", "over-64-mib.png"), 65L * 1024 * 1024);
        Sparse(Path.Combine(Pets, "cats", "two-gib.png"), 2L * 1024 * 1024 * 1024);

        var (exit, output, error) = await Imesh("ingest", "upload", Pets, "--dataset", "big");

        Assert.Equal((1, ""), (exit, error));
        Assert.Equal(2, Imported(output));
        Assert.Equal(new Dictionary<string, string> { ["cats/over-64-mib.png"] = "too-large", ["cats/two-gib.png"] = "too-large" },
            Rejections(output));
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("upload")]
    public async Task An_empty_path_is_one_error_line_and_exit_1(string command)
    {
        var (exit, output, error) = await Imesh("ingest", command, "", "--dataset", "x");

        Assert.Equal((1, ""), (exit, output));
        Assert.Equal("error: PATH is empty: give a path.", error.TrimEnd());
    }
}
