using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Tests.Decoding;
using ImbalanceMesh.Ingestion.Tests.Support;

namespace ImbalanceMesh.Ingestion.Tests;

public sealed class BoundedErrorTests
{
    [Fact]
    public async Task Custom_weights_naming_200k_unknown_classes_are_invalid_argument_with_a_bounded_message()
    {
        await using var box = new IngestionSandbox();
        for (var i = 0; i < 4; i++) box.WriteFile($"{(i < 2 ? "a" : "b")}/{i}.png", TestImages.Png(8, 8, i));
        await box.ImportFolderAsync("few", split: new SplitFractions { Train = 1 }, seed: 1);
        var request = new StatisticsRequest { Dataset = new DatasetRef { Dataset = "few" } };
        for (var i = 0; i < 200_000; i++) request.CustomWeights[$"unknown-class-{i:D6}"] = 1;

        var error = await Assert.ThrowsAsync<RpcException>(() => box.Client.GetStatisticsAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("unknown classes: unknown-class-", error.Status.Detail);
        Assert.Contains("… and 199,980 more", error.Status.Detail);
        Assert.InRange(error.Status.Detail.Length, 1, 2100);
        // The service keeps serving.
        Assert.NotEmpty((await box.Client.ListDatasetsAsync(new ListDatasetsRequest())).Datasets);
    }
}
