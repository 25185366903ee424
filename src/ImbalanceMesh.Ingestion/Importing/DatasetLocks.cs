using System.Collections.Concurrent;

namespace ImbalanceMesh.Ingestion.Importing;

/// <summary>
/// One import per dataset at a time (each builds on the latest version), any number across datasets.
/// </summary>
public sealed class DatasetLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string dataset, CancellationToken cancellationToken)
    {
        var semaphore = _locks.GetOrAdd(dataset, _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken);
        return new Release(semaphore);
    }

    private sealed class Release(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) semaphore.Release();
        }
    }
}
