using ImbalanceMesh.Augmentation.Tests.Support;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Testing;
using Xunit;

namespace ImbalanceMesh.Augmentation.Tests;

/// <summary>Ingestion killed while augmentation needs it: batches wait for it to come back instead of failing.</summary>
[Collection(MeshCollection.Name)]
public class IngestionRestartTests(MeshFixture mesh)
{
    [Fact]
    public async Task Batches_asked_for_while_ingestion_is_down_arrive_once_it_is_back()
    {
        var root = Path.Combine(mesh.Root, "restart");
        await using var ingestion = new ServiceProcess("ImbalanceMesh.Ingestion", new Dictionary<string, string>
        {
            ["Ingestion__DataRoot"] = Path.Combine(root, "data"),
            ["Ingestion__AllowedRoots__0"] = Path.Combine(root, "inbox"),
        });
        await ingestion.StartAsync();
        await DemoImport.WriteAndImportAsync(new IngestionService.IngestionServiceClient(ingestion.Channel), Path.Combine(root, "inbox", "shapes"),
            "shapes", new Dictionary<string, int> { ["circle"] = 30, ["square"] = 10 }, size: 16, split: null, seed: 3);
        var redis = await mesh.StartRedisAsync();
        var settings = new Dictionary<string, string?> { ["services:ingestion:http:0"] = ingestion.Address, ["Augmentation:ReadAhead"] = "0" };
        var creator = new AugmentationService.AugmentationServiceClient(mesh.StartAugmentation(redis, settings).Channel);
        var spec = MeshFixture.Spec(seed: 81, batch: 8, epochs: 1);
        spec.Dataset.Dataset = "shapes";
        var plan = await creator.CreatePlanAsync(spec);

        await ingestion.KillAsync();
        // The creator has the split's index but no pixels of batch 1; the replica has neither (it never saw the plan).
        var replica = new AugmentationService.AugmentationServiceClient(mesh.StartAugmentation(redis, settings).Channel);
        var fromCreator = creator.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Index = 1 }).ResponseAsync;
        var fromReplica = replica.GetBatchAsync(new BatchRequest { PlanId = plan.PlanId, Index = 2 }).ResponseAsync;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(fromCreator.IsCompleted, "batch 1 came without ingestion");
        Assert.False(fromReplica.IsCompleted, "batch 2 came without ingestion");

        await ingestion.StartAsync();

        Assert.Equal(8, BatchFormat.Read((await fromCreator).Data.Span).SampleIds.Distinct().Count());
        Assert.Equal(8, BatchFormat.Read((await fromReplica).Data.Span).SampleIds.Distinct().Count());
    }
}
