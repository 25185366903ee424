using ImbalanceMesh.Augmentation.Tests.Support;
using ImbalanceMesh.Contracts.V1;
using Xunit;

namespace ImbalanceMesh.Augmentation.Tests;

[Collection(MeshCollection.Name)]
public class ProducerCancellationTests(MeshFixture mesh)
{
    [Fact]
    public async Task Cancelling_a_batch_stream_stops_the_producers_working_ahead_for_it()
    {
        var client = await mesh.ClientOnOwnRedisAsync(new Dictionary<string, string?> { ["Augmentation:ReadAhead"] = "100" });
        var spec = MeshFixture.Spec(seed: 91, batch: 64, epochs: 1).With(s =>
        {
            s.ImageSize = 96;
            s.Sampling.StepsPerEpoch = 100;
        });
        var plan = await client.CreatePlanAsync(spec);

        using (var consumer = new CancellationTokenSource())
        {
            var stream = client.StreamBatches(new StreamBatchesRequest { PlanId = plan.PlanId }, cancellationToken: consumer.Token);
            Assert.True(await stream.ResponseStream.MoveNext(consumer.Token));
            await consumer.CancelAsync();
            stream.Dispose();
        }
        await Task.Delay(500); // a batch in the making when the consumer left is abandoned, not finished
        var afterCancel = (await client.GetPlanStatusAsync(new PlanRef { PlanId = plan.PlanId })).Produced;
        await Task.Delay(2000);
        var later = (await client.GetPlanStatusAsync(new PlanRef { PlanId = plan.PlanId })).Produced;

        Assert.True(later == afterCancel, $"{afterCancel} batches made when the stream was cancelled, {later} two seconds later");
        Assert.InRange(afterCancel, 1, plan.StepsPerEpoch - 1);
    }
}
