using System.Runtime;
using ImbalanceMesh.Modeling.Runtime;

namespace ImbalanceMesh.Modeling.Tests.Runtime;

/// <summary>
/// The fence's promise: no collection can start while torch work holds it (a collection is what lets TorchSharp's
/// finalizer free a Scalar libtorch is still reading), yet the garbage of fenced work is still collected.
/// </summary>
public sealed class TorchGcFenceTests
{
    private const int ChurnBytes = 48 << 20;

    [Fact]
    public void Allocation_on_another_thread_starts_no_collection_while_the_fence_is_held_but_does_without_it()
    {
        // The control churns far past the fence's budget: the gen-0 budget right after a no-GC region can exceed 48 MB.
        var unfenced = CollectionsDuring(() => OnAnotherThread(() => Garbage(1 << 30)));
        Assert.True(unfenced > 0, "1 GB of garbage without the fence should have caused at least one collection");

        var broken = TorchGcFence.BrokenRegions;
        using (TorchGcFence.Enter())
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            Assert.Equal(0, CollectionsDuring(() => OnAnotherThread(Churn)));
        }
        Assert.Equal(broken, TorchGcFence.BrokenRegions);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void The_holding_thread_may_enter_again_and_the_region_lasts_until_its_outer_exit()
    {
        using (TorchGcFence.Enter())
        {
            using (TorchGcFence.Enter()) Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void Another_thread_waits_until_the_holder_has_left()
    {
        using var entered = new ManualResetEventSlim();
        var other = new Thread(() =>
        {
            using (TorchGcFence.Enter()) entered.Set();
        });
        using (TorchGcFence.Enter())
        {
            other.Start();
            Assert.False(entered.Wait(TimeSpan.FromMilliseconds(300)), "a second thread entered while the fence was held");
        }
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)));
        other.Join();
    }

    [Fact]
    public void Garbage_left_by_fenced_work_is_collected_between_fences()
    {
        var broken = TorchGcFence.BrokenRegions;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < 60; i++)
        {
            using (TorchGcFence.Enter()) Garbage(2 << 20);
        }
        // Back-to-back no-GC regions alone never sweep: the heap would hold all 120 MB.
        var growth = GC.GetTotalMemory(forceFullCollection: false) - heapBefore;
        Assert.True(growth < 3 * TorchGcFence.CollectEveryBytes, $"the heap grew {growth >> 20} MB over 120 MB of fenced garbage");
        Assert.Equal(broken, TorchGcFence.BrokenRegions);
    }

    private static int CollectionsDuring(Action action)
    {
        var before = GC.CollectionCount(0);
        action();
        return GC.CollectionCount(0) - before;
    }

    private static void OnAnotherThread(Action action)
    {
        var thread = new Thread(() => action());
        thread.Start();
        thread.Join();
    }

    private static void Churn() => Garbage(ChurnBytes);

    private static void Garbage(int bytes)
    {
        for (var made = 0; made < bytes; made += 1024) GC.KeepAlive(new byte[1000]);
    }
}
