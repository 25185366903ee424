using Microsoft.Extensions.Logging;

namespace ImbalanceMesh.AppHost.Lifecycle;

/// <summary>
/// Aspire does not restart a process that crashed; the mesh's jobs rely on it. A resource that ends with a non-zero
/// exit code (a clean stop from the dashboard ends with 0) is started again after 1, 2, 4, ... s (at most 30 s), and
/// given up on after <see cref="MaxRestarts"/> restarts. Each replica of a resource (its own resource id) is counted and
/// restarted on its own.
/// </summary>
public sealed class CrashRestarts(ResourceNotificationService notifications, ResourceCommandService commands,
    ILogger<CrashRestarts> logger)
{
    public const int MaxRestarts = 5;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, int> _restarts = [];
    private readonly HashSet<string> _down = [];

    public static TimeSpan DelayBefore(int restart) =>
        TimeSpan.FromSeconds(Math.Min(MaxDelay.TotalSeconds, Math.Pow(2, restart - 1)));

    public async Task WatchAsync(IReadOnlyList<IResource> resources, CancellationToken stopping)
    {
        var names = resources.Select(r => r.Name).ToHashSet();
        await foreach (var update in notifications.WatchAsync(stopping))
        {
            if (!names.Contains(update.Resource.Name)) continue;
            var state = update.Snapshot.State?.Text;
            if (state == KnownResourceStates.Running) _down.Remove(update.ResourceId);
            else if (MeshResources.IsTerminal(state) && update.Snapshot.ExitCode is { } code and not 0 && _down.Add(update.ResourceId))
                _ = RestartAsync(update.ResourceId, code, stopping);
        }
    }

    private async Task RestartAsync(string resourceId, int exitCode, CancellationToken stopping)
    {
        var restart = _restarts[resourceId] = _restarts.GetValueOrDefault(resourceId) + 1;
        if (restart > MaxRestarts)
        {
            logger.LogError("{Resource} exited with code {ExitCode} and was restarted {Max} times already: giving up",
                resourceId, exitCode, MaxRestarts);
            return;
        }
        var delay = DelayBefore(restart);
        logger.LogWarning("{Resource} exited with code {ExitCode}; restart {Restart}/{Max} in {Delay} s",
            resourceId, exitCode, restart, MaxRestarts, delay.TotalSeconds);
        try
        {
            await Task.Delay(delay, stopping);
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stopping);
            if (!result.Success) logger.LogError("{Resource} could not be restarted: {Message}", resourceId, result.Message);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The AppHost is stopping: nothing to bring back.
        }
    }
}
