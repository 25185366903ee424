using ImbalanceMesh.Ingestion.Grpc;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.Cli.Tests;

/// <summary>--api-key-file keeps the key out of the process list; a real ingestion service that requires a key checks it.</summary>
[Collection(ImeshRun.Collection)]
public sealed class ApiKeyFileTests : IAsyncLifetime
{
    private const string Key = "k3y-from-a-file";
    private readonly string _root = Directory.CreateTempSubdirectory("imesh-cli-key-").FullName;
    private MeshServiceHost<IngestionGrpcService> _host = null!;

    public Task InitializeAsync()
    {
        _host = new MeshServiceHost<IngestionGrpcService>(new Dictionary<string, string?>
        {
            ["Ingestion:DataRoot"] = Path.Combine(_root, "data"),
            ["IMESH_API_KEY"] = Key,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task The_key_is_read_from_the_file_and_a_missing_file_is_one_error_line()
    {
        var keyFile = Path.Combine(_root, "api-key");
        await File.WriteAllTextAsync(keyFile, Key + "\n");

        var withFile = await ImeshRun.RunAsync("datasets", "--api-key-file", keyFile, "--ingestion", _host.Address, "--json");
        var without = await ImeshRun.RunAsync("datasets", "--ingestion", _host.Address, "--json");
        var missing = await ImeshRun.RunAsync("datasets", "--api-key-file", keyFile + ".nope", "--ingestion", _host.Address);

        Assert.Equal((0, ""), (withFile.Exit, withFile.Error));
        Assert.Equal(1, without.Exit);
        Assert.StartsWith("error: Unauthenticated:", without.Error);
        Assert.Equal((1, $"error: --api-key-file: {keyFile}.nope does not exist."), (missing.Exit, missing.Error.TrimEnd()));
    }
}
