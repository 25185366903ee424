using StackExchange.Redis;

namespace ImbalanceMesh.Augmentation.Caching;

/// <summary>
/// A second connection to the cache Redis, without command tracing, for the command that carries a batch's bytes (its
/// store). Aspire's Redis tracing (StackExchange.Redis' profiler) keeps every command of the shared connection, with
/// its arguments, until the span it ran under has ended and the next flush (every 10 s; a command under no span waits
/// for that flush too): every batch stored through it stayed live that long — ~19 MB a batch at 224 px RGB × 128, some
/// hundreds of MB at a few batches a second. Connected on first use, reconnected like the shared one.
/// </summary>
public sealed class UntracedRedis(string connectionString) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() =>
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.ConnectAsync(options);
    });

    public async Task<IDatabase> DatabaseAsync() => (await _connection.Value).GetDatabase();

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated) await (await _connection.Value).DisposeAsync();
    }
}
