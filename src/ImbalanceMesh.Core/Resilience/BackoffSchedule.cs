namespace ImbalanceMesh.Core.Resilience;

/// <summary>
/// Bounded exponential back-off: the wait before retry n (1-based) is Initial·2^(n−1), capped at Max; after MaxAttempts
/// retries there is none. No jitter: one caller retries one dependency, so there is no herd to spread.
/// </summary>
public sealed record BackoffSchedule
{
    public BackoffSchedule(TimeSpan initial, TimeSpan max, int maxAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        ArgumentOutOfRangeException.ThrowIfNegative(maxAttempts);
        (Initial, Max, MaxAttempts) = (initial, max, maxAttempts);
    }

    public TimeSpan Initial { get; }
    public TimeSpan Max { get; }
    public int MaxAttempts { get; }

    /// <summary>The wait before retry <paramref name="attempt"/> (1-based), or null when the retries are used up.</summary>
    public TimeSpan? DelayBefore(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (attempt > MaxAttempts) return null;
        var doublings = Math.Min(attempt - 1, 62);
        var ticks = Initial.Ticks * Math.Pow(2, doublings);
        return ticks >= Max.Ticks ? Max : TimeSpan.FromTicks((long)ticks);
    }
}
