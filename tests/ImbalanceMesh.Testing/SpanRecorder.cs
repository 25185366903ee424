using System.Diagnostics;

namespace ImbalanceMesh.Testing;

/// <summary>
/// Records every span (Activity) that ends in this process while it lives, from every source, sampled in full. The
/// test process hosts several services, so tests pick their spans out by trace id or tag.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly List<Activity> _ended = [];
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (_ended) _ended.Add(activity); },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Ended
    {
        get { lock (_ended) return _ended.ToList(); }
    }

    /// <summary>
    /// The ended spans that match, once there are at least atLeast of them or 10 s have passed (a server span can end
    /// just after its client saw the answer; background work later still).
    /// </summary>
    public async Task<IReadOnlyList<Activity>> WaitForAsync(Func<Activity, bool> match, int atLeast = 1)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var found = Ended.Where(match).ToList();
            if (found.Count >= atLeast || DateTime.UtcNow > deadline) return found;
            await Task.Delay(50);
        }
    }

    public void Dispose() => _listener.Dispose();
}
