using System.Diagnostics;
using System.Diagnostics.Metrics;
using ImbalanceMesh.Augmentation.Telemetry;
using ImbalanceMesh.Augmentation.Tests.Support;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Xunit;

namespace ImbalanceMesh.Augmentation.Tests;

[Collection(MeshCollection.Name)]
public class TelemetryTests(MeshFixture mesh)
{
    [Fact]
    public async Task Served_batches_count_produced_hits_and_misses_as_the_plan_status_does()
    {
        var host = mesh.StartAugmentation(mesh.Redis, new Dictionary<string, string?> { ["Augmentation:ReadAhead"] = "0" });
        var client = new AugmentationService.AugmentationServiceClient(host.Channel);
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        using var produced = Collect<long>(meters, "imesh.augmentation.batches.produced");
        using var hits = Collect<long>(meters, "imesh.augmentation.cache.hits");
        using var misses = Collect<long>(meters, "imesh.augmentation.cache.misses");
        using var duration = Collect<double>(meters, "imesh.augmentation.batch.duration");
        using var hitRatio = Collect<double>(meters, "imesh.augmentation.cache.hit_ratio");
        var plan = await client.CreatePlanAsync(MeshFixture.Spec(seed: 61));

        foreach (var index in new[] { 0, 1, 2, 0, 1 })
            await client.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Epoch = 0, Index = index });

        var status = await client.GetPlanStatusAsync(new PlanRef { PlanId = plan.PlanId });
        Assert.Equal((3L, 2L, 3L), (status.Produced, status.Hits, status.Misses));
        Assert.Equal(status.Produced, Sum(produced, plan.PlanId));
        Assert.Equal(status.Hits, Sum(hits, plan.PlanId));
        Assert.Equal(status.Misses, Sum(misses, plan.PlanId));
        var times = duration.GetMeasurementSnapshot();
        Assert.Equal(3, times.Count);
        Assert.All(times, t => Assert.True(t.Value > 0 && plan.PlanId == (string?)t.Tags["imesh.plan.id"]));
        hitRatio.RecordObservableInstruments();
        Assert.Equal(2.0 / 5, Assert.Single(hitRatio.GetMeasurementSnapshot(), m => (string?)m.Tags["imesh.plan.id"] == plan.PlanId).Value, 9);
    }

    [Fact]
    public async Task A_requested_batch_is_made_under_the_request_and_read_ahead_batches_in_traces_linked_to_it()
    {
        using var spans = new SpanRecorder();
        var plan = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 62));
        Assert.True(plan.StepsPerEpoch > 4);

        await mesh.Client.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Epoch = 0, Index = 0 });

        var serve = Assert.Single(spans.Ended, s => s.OperationName == "augmentation.batch.serve" && OfPlan(s, plan));
        var request = Assert.Single(await spans.WaitForAsync(s => s.SpanId == serve.ParentSpanId));
        Assert.Equal(ActivityKind.Server, request.Kind);
        var madeForRequest = Assert.Single(spans.Ended, s => s.OperationName == "augmentation.batch.produce" && OfPlan(s, plan)
            && (int)s.GetTagItem("imesh.batch.index")! == 0);
        Assert.Equal(serve.SpanId, madeForRequest.ParentSpanId);
        var readAhead = await spans.WaitForAsync(s => s.OperationName == "augmentation.batch.read_ahead" && OfPlan(s, plan), atLeast: 4);
        Assert.Equal([1, 2, 3, 4], readAhead.Select(s => (int)s.GetTagItem("imesh.batch.index")!).Order());
        Assert.All(readAhead, s =>
        {
            Assert.Equal(default, s.ParentSpanId);
            Assert.NotEqual(serve.TraceId, s.TraceId);
            Assert.Equal(serve.Context, Assert.Single(s.Links).Context);
            Assert.Single(spans.Ended, p => p.OperationName == "augmentation.batch.produce" && p.ParentSpanId == s.SpanId);
        });
    }

    private static MetricCollector<T> Collect<T>(IMeterFactory meters, string instrument) where T : struct =>
        new(meters, AugmentationMetrics.MeterName, instrument);

    private static long Sum(MetricCollector<long> collector, string planId) =>
        collector.GetMeasurementSnapshot().Where(m => (string?)m.Tags["imesh.plan.id"] == planId).Sum(m => m.Value);

    private static bool OfPlan(Activity span, Plan plan) => (string?)span.GetTagItem("imesh.plan.id") == plan.PlanId;

}
