namespace ImbalanceMesh.Cli.Tests;

/// <summary>--api-key-file keeps the key out of the process list; a real ingestion service that requires a key checks it.</summary>
[Collection(ImeshRun.Collection)]
public sealed class ApiKeyFileTests : IAsyncLifetime
{
    private const string Key = "k3y-from-a-file";
    private readonly LocalIngestion _ingestion = new(_ => new() { ["IMESH_API_KEY"] = Key });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _ingestion.DisposeAsync().AsTask();

    [Fact]
    public async Task The_key_is_read_from_the_file_and_a_missing_file_is_one_error_line()
    {
        var keyFile = Path.Combine(_ingestion.Root, "api-key");
        await File.WriteAllTextAsync(keyFile, Key + "\n");

        var withFile = await ImeshRun.RunAsync("datasets", "--api-key-file", keyFile, "--ingestion", _ingestion.Address, "--json");
        var without = await ImeshRun.RunAsync("datasets", "--ingestion", _ingestion.Address, "--json");
        var missing = await ImeshRun.RunAsync("datasets", "--api-key-file", keyFile + ".nope", "--ingestion", _ingestion.Address);

        Assert.Equal((0, ""), (withFile.Exit, withFile.Error));
        Assert.Equal(1, without.Exit);
        Assert.StartsWith("error: Unauthenticated:", without.Error);
        Assert.Equal((1, $"error: --api-key-file: {keyFile}.nope does not exist."), (missing.Exit, missing.Error.TrimEnd()));
    }
}
