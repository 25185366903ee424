using System.Text.Json;

namespace ImbalanceMesh.Cli.Tests.Ingestion;

/// <summary>
/// `imesh demo-data`, `imesh ingest folder`, `imesh stats` and `imesh datasets` with --json against a real ingestion
/// service on loopback.
/// </summary>
[Collection(ImeshRun.Collection)]
public sealed class IngestionCommandsTests : IAsyncLifetime
{
    private readonly LocalIngestion _ingestion = new(root => new() { ["Ingestion:AllowedRoots:0"] = root });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _ingestion.DisposeAsync().AsTask();

    private async Task<(int Exit, string Out)> Imesh(params string[] args)
    {
        var (exit, output, _) = await ImeshRun.RunAsync([.. args, "--ingestion", _ingestion.Address, "--json"]);
        return (exit, output);
    }

    [Fact]
    public async Task Demo_data_ingest_stats_and_datasets_in_the_documented_json_shapes()
    {
        var demo = Path.Combine(_ingestion.Root, "demo");
        var (exit, _) = await Imesh("demo-data", demo);
        Assert.Equal(0, exit);

        (exit, var imported) = await Imesh("ingest", "folder", demo, "--dataset", "demo", "--split", "0.8,0.1,0.1", "--seed", "5");
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(imported))
        {
            Assert.Equal("demo", json.RootElement.GetProperty("dataset").GetString());
            Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
            Assert.Equal(550, json.RootElement.GetProperty("imported").GetInt64());
            Assert.Equal(0, json.RootElement.GetProperty("duplicates").GetInt64());
            Assert.Equal(0, json.RootElement.GetProperty("rejected").GetArrayLength());
        }

        (exit, var stats) = await Imesh("stats", "demo", "--split", "train");
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(stats))
        {
            var classes = json.RootElement.GetProperty("classes").EnumerateArray()
                .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("count").GetInt64());
            Assert.Equal(new Dictionary<string, long> { ["circle"] = 320, ["square"] = 96, ["triangle"] = 24 }, classes);
            Assert.Equal(320.0 / 24, json.RootElement.GetProperty("imbalance_ratio").GetDouble(), 9);
            // sklearn 1.2.1: compute_class_weight('balanced', classes=[0,1,2], y=[0]*320+[1]*96+[2]*24)
            //   -> [0.45833333, 1.52777778, 6.11111111]
            var balanced = json.RootElement.GetProperty("weights").GetProperty("balanced");
            Assert.Equal(6.11111111, balanced.GetProperty("triangle").GetDouble(), 8);
            Assert.Equal(0.45833333, balanced.GetProperty("circle").GetDouble(), 8);
            Assert.True(json.RootElement.GetProperty("weights").TryGetProperty("effective_number", out _));
            Assert.Equal("severe", json.RootElement.GetProperty("recommendation").GetProperty("severity").GetString());
        }

        (exit, var datasets) = await Imesh("datasets");
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(datasets))
        {
            var version = json.RootElement.GetProperty("datasets")[0].GetProperty("versions")[0];
            Assert.Equal(550, version.GetProperty("samples").GetInt64());
            Assert.Equal(["circle", "square", "triangle"], version.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        }
    }

    [Fact]
    public async Task A_folder_outside_the_server_roots_exits_1_and_prints_nothing_on_stdout()
    {
        var (exit, output) = await Imesh("ingest", "folder", "/etc", "--dataset", "nope");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task A_malformed_split_is_refused_before_any_call()
    {
        var (exit, _) = await Imesh("ingest", "folder", _ingestion.Root, "--dataset", "x", "--split", "0.8,0.2");
        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task Resize_is_sent_recorded_and_shown_by_datasets_and_stats()
    {
        var demo = Path.Combine(_ingestion.Root, "demo");
        Assert.Equal(0, (await Imesh("demo-data", demo)).Exit);

        var (exit, imported) = await Imesh("ingest", "folder", demo, "--dataset", "small", "--resize", "16");
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(imported)) Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());

        (exit, var datasets) = await Imesh("datasets");
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(datasets))
            Assert.Equal(16, json.RootElement.GetProperty("datasets")[0].GetProperty("versions")[0].GetProperty("resize").GetInt32());
        (exit, var stats) = await Imesh("stats", "small");
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(stats)) Assert.Equal(16, json.RootElement.GetProperty("resize").GetInt32());
    }

    [Theory]
    [InlineData("4")]
    [InlineData("2048")]
    public async Task A_resize_out_of_range_is_refused_before_any_call(string resize)
    {
        var (exit, _, error) = await ImeshRun.RunAsync(["ingest", "folder", _ingestion.Root, "--dataset", "x", "--resize", resize,
            "--ingestion", "http://127.0.0.1:1"]);
        Assert.Equal(1, exit);
        Assert.Contains($"--resize must be 8..1024, got {resize}", error);
    }
}
