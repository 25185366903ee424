using ImbalanceMesh.Augmentation.Configuration;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Augmentation.Sources;

/// <summary>
/// Decoded pixels of single samples, shared by every plan of this process and bounded by
/// Augmentation:SourceMemoryBytes: adding a sample drops the least recently used ones until it fits. A batch being
/// made holds references to its own samples, so a drop never pulls pixels from under it; what is dropped is garbage
/// as soon as that batch is done, so the process holds the budget plus the batches in the making, whatever N is.
/// </summary>
public sealed class PixelCache(IOptions<AugmentationOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SampleKey, LinkedListNode<(SampleKey Key, SourcePixels Pixels)>> _entries = new();
    private readonly LinkedList<(SampleKey Key, SourcePixels Pixels)> _recency = new();
    private long _bytes;

    public long BudgetBytes => options.Value.SourceMemoryBytes;

    public long Bytes
    {
        get { lock (_gate) return _bytes; }
    }

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    public SourcePixels? Find(SampleKey key)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var node)) return null;
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value.Pixels;
        }
    }

    public void Add(SampleKey key, SourcePixels pixels)
    {
        if (pixels.Bytes > BudgetBytes) return;
        lock (_gate)
        {
            if (_entries.ContainsKey(key)) return;
            while (_bytes + pixels.Bytes > BudgetBytes && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                _bytes -= oldest.Value.Pixels.Bytes;
            }
            _entries[key] = _recency.AddFirst((key, pixels));
            _bytes += pixels.Bytes;
        }
    }
}
