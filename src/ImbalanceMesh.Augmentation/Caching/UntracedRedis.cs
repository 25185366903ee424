using StackExchange.Redis;

namespace ImbalanceMesh.Augmentation.Caching;

/// <summary>
/// A second connection to the cache Redis, without command tracing, for the command that carries a batch's bytes (its
/// store). Aspire's Redis tracing (StackExchange.Redis' profiler) keeps every command of the shared connection, with
/// its arguments, until the span it ran under has ended and the next flush (every 10 s; a command under no span waits
/// for that flush too): every batch stored through it stayed live that long — ~19 MB a batch at 224 px RGB × 128, some
/// hundreds of MB at a few batches a second. Connected on first use, reconnected like the shared one.
/// One writer at a time: a command that finds the connection's writer busy waits in StackExchange.Redis' backlog
/// queue, which kept messages after they were sent (in a gcdump at 224 px RGB: 28 of them, each holding the array of
/// the batch its part was cut from — 540 MB, growing through the run).
/// </summary>
public sealed class UntracedRedis(string connectionString) : IAsyncDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() =>
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.ConnectAsync(options);
    });

    /// <summary>Runs the commands of <paramref name="write"/> while no other writer uses this connection.</summary>
    public async Task<T> WriteAsync<T>(Func<IDatabase, Task<T>> write)
    {
        var db = (await _connection.Value).GetDatabase();
        await _writer.WaitAsync();
        try
        {
            return await write(db);
        }
        finally
        {
            _writer.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated) await (await _connection.Value).DisposeAsync();
        _writer.Dispose();
    }
}
