using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImbalanceMesh.AppHost.Lifecycle;

/// <summary>
/// Returns once every mesh resource (each of its replicas) runs and is healthy; a resource that ends before that, or a mesh not healthy in
/// time, becomes an AppHostException naming the resource, its exit code and its last output.
/// </summary>
public sealed class StartupWatch(ResourceNotificationService notifications, ResourceLoggerService logs)
{
    private const int KeptLines = 15;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    public async Task WaitUntilHealthyAsync(IReadOnlyList<IResource> resources, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        // A resource with replicas is healthy once each of its replicas (one resource id each) is.
        var replicas = resources.ToDictionary(r => r.Name, r => r.GetReplicaCount());
        var healthy = resources.ToDictionary(r => r.Name, _ => new HashSet<string>());
        var pending = resources.Select(r => r.Name).ToHashSet();
        var last = new Dictionary<string, string>();
        try
        {
            await foreach (var update in notifications.WatchAsync(timeout.Token))
            {
                var name = update.Resource.Name;
                if (!pending.Contains(name)) continue;
                var state = update.Snapshot.State?.Text;
                last[name] = $"{state}, health {update.Snapshot.HealthStatus?.ToString() ?? "unknown"}";
                if (state == KnownResourceStates.Running && update.Snapshot.HealthStatus == HealthStatus.Healthy)
                {
                    healthy[name].Add(update.ResourceId);
                    if (healthy[name].Count < replicas[name]) continue;
                    pending.Remove(name);
                    if (pending.Count == 0) return;
                }
                else if (MeshResources.IsTerminal(state))
                {
                    var exit = update.Snapshot.ExitCode is { } code ? $"exited with code {code}" : state!.ToLowerInvariant();
                    var output = await LastLinesAsync(update.ResourceId);
                    throw new AppHostException($"{name} {exit} while starting" +
                                               (output.Length > 0 ? $"; its last output:\n{output}" : "."));
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AppHostException($"not healthy within {Timeout.TotalSeconds:0} s: " +
                                       string.Join("; ", pending.Order().Select(n => $"{n} ({last.GetValueOrDefault(n, "not started")})")));
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The resource's last lines of output, without stack frames (the message says what went wrong).</summary>
    private async Task<string> LastLinesAsync(string resourceId)
    {
        var lines = new List<LogLine>();
        using var read = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await foreach (var batch in logs.GetAllAsync(resourceId).WithCancellation(read.Token)) lines.AddRange(batch);
        }
        catch (OperationCanceledException)
        {
            // What was read so far is the tail.
        }
        return string.Join('\n', lines.OrderBy(l => l.LineNumber).Select(l => WithoutTimestamp(l.Content))
            .Where(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal) && !l.Contains("--- End of stack trace"))
            .TakeLast(KeptLines));
    }

    private static string WithoutTimestamp(string line) =>
        line.Length > 29 && line[4] == '-' && line[10] == 'T' && line.IndexOf(' ') is > 0 and var space ? line[(space + 1)..] : line;
}
