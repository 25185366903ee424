using Grpc.Core;
using ImbalanceMesh.Core.Resilience;

namespace ImbalanceMesh.Augmentation.Sources;

/// <summary>
/// Reads from Ingestion again when it went away — not reachable, or the stream broke mid-read (a restart, a killed
/// process) — with a bounded back-off (0.2 s doubling to 5 s, 12 retries: about 40 s), so that a job waits for
/// Ingestion to come back instead of failing. Errors Ingestion itself returns (NOT_FOUND, …) are not retried.
/// </summary>
public sealed class IngestionRetry(ILogger<IngestionRetry> logger)
{
    public static readonly BackoffSchedule Schedule = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), maxAttempts: 12);

    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await read(cancellationToken);
            }
            catch (RpcException e) when (IsTransient(e, cancellationToken) && Schedule.DelayBefore(attempt) is { } delay)
            {
                logger.LogWarning("Reading {What} from ingestion failed ({Status}: {Detail}); retry {Attempt} in {Delay} ms.",
                    what, e.StatusCode, e.Status.Detail, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    private static bool IsTransient(RpcException e, CancellationToken cancellationToken) => e.StatusCode switch
    {
        StatusCode.Unavailable => true,
        // A stream cut off mid-read: the transport's own error, not one Ingestion sent.
        StatusCode.Internal or StatusCode.Unknown => e.Status.DebugException is not null,
        // Cancelled although nobody here cancelled: the server went away.
        StatusCode.Cancelled => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
