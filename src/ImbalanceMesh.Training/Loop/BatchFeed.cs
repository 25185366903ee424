using System.Diagnostics;
using System.Threading.Channels;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Training.Loop;

/// <summary>
/// Streams one epoch's batches of a plan from the augmentation service and decodes them on a background task, a
/// bounded number ahead of the consumer. WaitTime is how long the consumer was blocked waiting for data.
/// </summary>
public sealed class BatchFeed : IAsyncDisposable
{
    private readonly Channel<PreparedBatch> _ready;
    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;
    private readonly Stopwatch _waiting = new();

    public BatchFeed(AugmentationService.AugmentationServiceClient augmentation, string planId, int epoch, int fromIndex,
        int prefetch, CancellationToken ct)
    {
        _ready = Channel.CreateBounded<PreparedBatch>(new BoundedChannelOptions(Math.Max(1, prefetch))
        {
            SingleReader = true,
            SingleWriter = true,
        });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var request = new StreamBatchesRequest { PlanId = planId, Epoch = epoch, FromIndex = fromIndex };
        _producer = Task.Run(() => ProduceAsync(augmentation, request, _stop.Token));
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

    private async Task ProduceAsync(AugmentationService.AugmentationServiceClient augmentation, StreamBatchesRequest request,
        CancellationToken ct)
    {
        try
        {
            using var call = augmentation.StreamBatches(request, cancellationToken: ct);
            await foreach (var batch in call.ResponseStream.ReadAllAsync(ct))
                await _ready.Writer.WriteAsync(PreparedBatch.Decode(batch.Data.Span), ct);
            _ready.Writer.TryComplete();
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            _ready.Writer.TryComplete(new InvalidOperationException(
                $"batch stream of plan {request.PlanId} epoch {request.Epoch} failed: {e.StatusCode}: {e.Status.Detail}", e));
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
