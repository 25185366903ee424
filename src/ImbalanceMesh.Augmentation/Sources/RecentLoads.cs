namespace ImbalanceMesh.Augmentation.Sources;

/// <summary>
/// Values built once per key by an async load and shared while in use; at most <c>kept</c> are kept, the least
/// recently used forgotten (loaded again when asked for again). A failed or cancelled load is retried on the next ask.
/// </summary>
public sealed class RecentLoads<TKey, TValue>(int kept) where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, Entry> _entries = new();

    public int Count
    {
        get { lock (_gate) return _entries.Count; }
    }

    /// <param name="load">Builds the value when the key is not kept (run once, not under the caller's cancellation).</param>
    public Task<TValue> GetAsync(TKey key, Func<Task<TValue>> load, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry) || entry.Load.IsFaulted || entry.Load.IsCanceled)
            {
                entry = new Entry(load());
                _entries[key] = entry;
                foreach (var old in _entries.Where(e => !e.Key.Equals(key)).OrderByDescending(e => e.Value.LastUsed).Skip(kept - 1).ToList())
                    _entries.Remove(old.Key);
            }
            entry.LastUsed = Environment.TickCount64;
            return entry.Load.WaitAsync(cancellationToken);
        }
    }

    private sealed class Entry(Task<TValue> load)
    {
        public Task<TValue> Load { get; } = load;
        public long LastUsed { get; set; }
    }
}
