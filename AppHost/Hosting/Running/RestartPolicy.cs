namespace ImbalanceMesh.AppHost.Hosting.Running;

/// <summary>Bounded exponential back-off: 1 s, 2 s, 4 s, ... capped, and at most <see cref="MaxRestarts"/> restarts.</summary>
public sealed record RestartPolicy(int MaxRestarts, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static RestartPolicy Default { get; } = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    /// <param name="restart">1 for the first restart.</param>
    public TimeSpan DelayBefore(int restart) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks * (1L << Math.Min(restart - 1, 30))));
}
