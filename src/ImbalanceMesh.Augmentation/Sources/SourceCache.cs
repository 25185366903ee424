using ImbalanceMesh.Augmentation.Configuration;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Augmentation.Sources;

/// <summary>
/// Decoded splits shared by all plans of this process, loaded once each and bounded by Augmentation:SourceMemoryBytes:
/// the least recently used splits are dropped to make room (a plan that needs one again reloads it).
/// </summary>
public sealed class SourceCache(SourceLoader loader, IOptions<AugmentationOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SourceKey, Entry> _entries = new();

    public Task<SourceSet> GetAsync(SourceKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.Load.IsFaulted || entry.Load.IsCanceled)
            {
                entry = new Entry(LoadAsync(key));
                _entries[key] = entry;
            }
            entry.LastUsed = DateTime.UtcNow;
            return entry.Load.WaitAsync(cancellationToken);
        }
    }

    private async Task<SourceSet> LoadAsync(SourceKey key)
    {
        var budget = options.Value.SourceMemoryBytes;
        var set = await loader.LoadAsync(key, budget, CancellationToken.None);
        lock (_gate)
        {
            var used = set.Bytes;
            foreach (var (other, entry) in _entries.Where(e => !e.Key.Equals(key) && e.Value.Load.IsCompletedSuccessfully)
                         .OrderByDescending(e => e.Value.LastUsed).ToList())
            {
                used += entry.Load.Result.Bytes;
                // Dropped sets are not disposed: a batch being made from one may still be drawing from it.
                if (used > budget) _entries.Remove(other);
            }
        }
        return set;
    }

    private sealed class Entry(Task<SourceSet> load)
    {
        public Task<SourceSet> Load { get; } = load;
        public DateTime LastUsed { get; set; }
    }
}
