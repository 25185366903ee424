using System.Runtime;

namespace ImbalanceMesh.Modeling.Runtime;

/// <summary>
/// Keeps garbage collections out of libtorch calls. TorchSharp 0.107 hands implicit Scalars (<c>add_(1)</c>,
/// <c>mul_(0.9)</c>) to libtorch by handle and leaves freeing them to the GC finalizer; a collection started by another
/// thread while the native call runs can free a Scalar libtorch is still reading (dotnet/TorchSharp#1434, #1496).
/// Observed here as "alpha must not be a floating point number" from BatchNorm's <c>num_batches_tracked.add_(1)</c>.
/// Torch work done inside <see cref="Enter"/> runs in a process-wide no-GC region; the garbage it leaves is collected
/// on the torch thread between regions, where no Scalar is in a native call. One holder at a time (the region is
/// process-wide); a thread may enter again while it holds the fence.
/// </summary>
public static class TorchGcFence
{
    /// <summary>What the whole process may allocate while a fence is held (the data feed included).</summary>
    public const long RegionBytes = 256L << 20;

    /// <summary>Allocation since the last collection after which entering a fence first collects (all generations: the large-object heap is only swept in a full collection).</summary>
    public const long CollectEveryBytes = 16L << 20;

    private static readonly Lock Gate = new();
    private static int _depth;
    private static bool _inRegion;
    private static long _allocatedAtLastCollect;
    private static long _brokenRegions;

    /// <summary>Regions ended early because the process allocated more than <see cref="RegionBytes"/> inside one.</summary>
    public static long BrokenRegions => Interlocked.Read(ref _brokenRegions);

    public static Scope Enter()
    {
        Gate.Enter();
        if (_depth++ == 0)
        {
            CollectIfDue();
            // false only when the runtime cannot reserve the budget; the work then runs unfenced, as it would without this.
            _inRegion = GC.TryStartNoGCRegion(RegionBytes, disallowFullBlockingGC: true);
            if (!_inRegion) Interlocked.Increment(ref _brokenRegions);
        }
        return new Scope();
    }

    private static void Exit()
    {
        try
        {
            if (--_depth > 0 || !_inRegion) return;
            _inRegion = false;
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
            else Interlocked.Increment(ref _brokenRegions); // a collection happened inside the region (budget exceeded)
        }
        catch (InvalidOperationException)
        {
            Interlocked.Increment(ref _brokenRegions); // the region was ended by a collection the runtime had to make
        }
        finally
        {
            Gate.Exit();
        }
    }

    private static void CollectIfDue()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        if (allocated - _allocatedAtLastCollect < CollectEveryBytes) return;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        _allocatedAtLastCollect = GC.GetTotalAllocatedBytes();
    }

    public readonly struct Scope : IDisposable
    {
        public void Dispose() => Exit();
    }
}
