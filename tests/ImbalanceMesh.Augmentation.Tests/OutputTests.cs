using Grpc.Core;
using ImbalanceMesh.Augmentation.Tests.Support;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Imaging.Decoding;
using Xunit;

namespace ImbalanceMesh.Augmentation.Tests;

[Collection(MeshCollection.Name)]
public class OutputTests(MeshFixture mesh)
{
    [Fact]
    public async Task Export_writes_augmented_pngs_of_the_class_inside_the_allowed_root_only()
    {
        var plan = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 71));
        var folder = Path.Combine(mesh.Root, "exports", "triangle");
        var response = await mesh.Client.ExportAugmentedAsync(new ExportAugmentedRequest
        {
            PlanId = plan.PlanId, ClassName = "triangle", Count = 30, OutputPath = folder,
        });
        Assert.Equal(30, response.Written);
        Assert.Equal(30, Directory.GetFiles(folder, "*.png").Length);
        var decoder = new ImageDecoder();
        var images = response.Files.Select(f => decoder.Decode(File.ReadAllBytes(f)).Image!).ToList();
        Assert.All(images, i => Assert.Equal((16, 16, 3), (i.Width, i.Height, i.Channels)));
        // 12 training triangles, 30 files: copies of the same source differ because each is augmented afresh.
        Assert.Equal(30, images.Select(i => Convert.ToHexString(i.Pixels)).Distinct().Count());

        var denied = await Assert.ThrowsAsync<RpcException>(() => mesh.Client.ExportAugmentedAsync(new ExportAugmentedRequest
        {
            PlanId = plan.PlanId, ClassName = "triangle", Count = 1, OutputPath = Path.Combine(mesh.Root, "elsewhere"),
        }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => mesh.Client.ExportAugmentedAsync(new ExportAugmentedRequest
        {
            PlanId = plan.PlanId, ClassName = "zebra", Count = 1, OutputPath = folder,
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
    }

    [Fact]
    public async Task Export_through_a_link_inside_the_allowed_root_that_leads_out_is_refused_and_writes_nothing()
    {
        var plan = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 73));
        var outside = Directory.CreateDirectory(Path.Combine(mesh.Root, "outside-" + Guid.NewGuid().ToString("N"))).FullName;
        var exports = Directory.CreateDirectory(Path.Combine(mesh.Root, "exports")).FullName;
        var link = Path.Combine(exports, "escape-" + Guid.NewGuid().ToString("N"));
        Directory.CreateSymbolicLink(link, outside);

        var denied = await Assert.ThrowsAsync<RpcException>(() => mesh.Client.ExportAugmentedAsync(new ExportAugmentedRequest
        {
            PlanId = plan.PlanId, ClassName = "triangle", Count = 2, OutputPath = Path.Combine(link, "triangle"),
        }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("Augmentation:AllowedRoots", denied.Status.Detail);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public async Task Preview_is_a_png_grid_with_one_caption_per_sample()
    {
        var plan = await mesh.Client.CreatePlanAsync(MeshFixture.Spec(seed: 72, mixup: 0.4));
        var preview = await mesh.Client.PreviewAsync(new PreviewRequest { PlanId = plan.PlanId, MaxSamples = 9 });
        Assert.Equal(9, preview.Captions.Count);
        Assert.All(preview.Captions, c => Assert.Contains("λ", c));
        var image = new ImageDecoder().Decode(preview.Png.Span).Image!;
        Assert.Equal((3 * 96, 3 * (96 + 30)), (image.Width, image.Height));
    }
}
