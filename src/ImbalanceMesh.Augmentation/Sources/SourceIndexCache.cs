namespace ImbalanceMesh.Augmentation.Sources;

/// <summary>
/// The split indexes plans of this process use, each loaded once; at most <see cref="Kept"/> are kept. Together with
/// PlanRuntimes' own bound this lets a process serve any number of plans over time without holding every split it saw.
/// </summary>
public sealed class SourceIndexCache(SourceIndexLoader loader)
{
    public const int Kept = 8;
    private readonly RecentLoads<SourceKey, SourceIndex> _indexes = new(Kept);

    public Task<SourceIndex> GetAsync(SourceKey key, CancellationToken cancellationToken) => 
        _indexes.GetAsync(key, () => loader.LoadAsync(key, CancellationToken.None), cancellationToken);
}
