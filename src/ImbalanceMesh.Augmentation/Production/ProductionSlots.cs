using ImbalanceMesh.Augmentation.Configuration;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Augmentation.Production;

/// <summary>
/// At most Augmentation:MaxConcurrentProductions batches are made (and stored) at once in this process, whoever asks
/// for them (a consumer's, read-ahead's, a preview's): each one in the making holds its sources, its rendered pixels and
/// its written bytes (~19 MB each at 224 px RGB × 128), so the number in flight must not follow the thread pool's size.
/// </summary>
public sealed class ProductionSlots(IOptions<AugmentationOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentProductions, options.Value.MaxConcurrentProductions);
    private int _active;
    private int _peak;

    public int Limit => options.Value.MaxConcurrentProductions;

    /// <summary>The most batches that were ever in the making at once in this process.</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>Waits for a slot; dispose the result when the batch is made.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return Entered();
    }

    /// <summary>A slot if one is free now, else null (read-ahead skips rather than queues).</summary>
    public IDisposable? TryEnter() => _slots.Wait(0) ? Entered() : null;

    private Slot Entered()
    {
        var active = Interlocked.Increment(ref _active);
        for (var peak = Peak; active > peak && Interlocked.CompareExchange(ref _peak, active, peak) != peak; peak = Peak) { }
        return new Slot(this);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(ProductionSlots owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            Interlocked.Decrement(ref owner._active);
            owner._slots.Release();
        }
    }
}
