using System.Diagnostics;
using System.Threading.Channels;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Telemetry;

namespace ImbalanceMesh.Training.Loop;

/// <summary>
/// One epoch's batches of a plan, decoded on a background task a bounded number ahead of the consumer. Batches come
/// straight from the Redis cache while they are there; from the first miss on, the rest of the epoch is streamed from
/// the augmentation service, which makes what is missing and keeps producing ahead. WaitTime is how long the consumer
/// was blocked waiting for data.
/// </summary>
public sealed class BatchFeed : IAsyncDisposable
{
    private readonly Channel<PreparedBatch> _ready;
    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;
    private readonly Stopwatch _waiting = new();

    public BatchFeed(AugmentationService.AugmentationServiceClient augmentation, CachedBatches cache, Plan plan, int epoch,
        int prefetch, CancellationToken ct)
    {
        _ready = Channel.CreateBounded<PreparedBatch>(new BoundedChannelOptions(Math.Max(1, prefetch))
        {
            SingleReader = true,
            SingleWriter = true,
        });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _producer = Task.Run(() => ProduceAsync(augmentation, cache, plan, epoch, _stop.Token));
    }

    public TimeSpan WaitTime => _waiting.Elapsed;

    /// <summary>The next batch, or null at the end of the epoch. Throws what the stream failed with.</summary>
    public async ValueTask<PreparedBatch?> NextAsync(CancellationToken ct)
    {
        _waiting.Start();
        try
        {
            return await _ready.Reader.WaitToReadAsync(ct) && _ready.Reader.TryRead(out var batch) ? batch : null;
        }
        finally
        {
            _waiting.Stop();
        }
    }

    private async Task ProduceAsync(AugmentationService.AugmentationServiceClient augmentation, CachedBatches cache, Plan plan,
        int epoch, CancellationToken ct)
    {
        try
        {
            var hits = 0;
            try
            {
                while (hits < plan.StepsPerEpoch && await cache.TryReadAsync(plan.PlanId, epoch, hits) is { } cached)
                {
                    await _ready.Writer.WriteAsync(cached, ct);
                    hits++;
                }
            }
            finally
            {
                cache.CountHits(plan.PlanId, hits);
            }
            if (hits < plan.StepsPerEpoch)
            {
                using var activity = TrainingActivities.StartBatchStream(plan.PlanId, epoch, hits);
                var request = new StreamBatchesRequest { PlanId = plan.PlanId, Epoch = epoch, FromIndex = hits };
                using var call = augmentation.StreamBatches(request, cancellationToken: ct);
                await foreach (var batch in call.ResponseStream.ReadAllAsync(ct))
                    await _ready.Writer.WriteAsync(PreparedBatch.Decode(batch.Data.Span), ct);
            }
            _ready.Writer.TryComplete();
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            _ready.Writer.TryComplete(new InvalidOperationException(
                $"batch stream of plan {plan.PlanId} epoch {epoch} failed: {e.StatusCode}: {e.Status.Detail}", e));
        }
        catch (Exception e)
        {
            _ready.Writer.TryComplete(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _producer; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
