using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Transfer;
using ImbalanceMesh.Testing.Torchvision;
using ImbalanceMesh.Training.Tests.Support;

namespace ImbalanceMesh.Training.Tests.Transfer;

/// <summary>
/// A resnet18 job from a torchvision state dict PyTorch wrote, through the real service: uploaded or by path, frozen then
/// fine-tuned; and every kind of bad file refused with its own status while the service keeps serving.
/// </summary>
public sealed class PretrainedJobTests(TrainingMesh mesh) : IClassFixture<TrainingMesh>
{
    private static TrainingSpec Resnet18Spec(int epochs = 2)
    {
        var spec = TrainingMesh.TinySpec(epochs);
        spec.Model = "resnet18";
        spec.Plan.Channels = 0;
        spec.Plan.ImageSize = 32;
        spec.Plan.BatchSize = 8;
        spec.Plan.Sampling.StepsPerEpoch = 2;
        spec.Optimizer = new OptimizerSpec { Name = "adamw", LearningRate = 0.001, Schedule = "constant" };
        return spec;
    }

    [Fact]
    public async Task An_uploaded_torchvision_resnet18_trains_frozen_then_unfrozen_and_its_card_names_the_source()
    {
        using var checkpoint = TorchvisionCheckpoint.Create("resnet18", "pth", size: 32);
        await using var host = await mesh.StartTrainingAsync(mesh.NewDataRoot());
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        var bytes = File.ReadAllBytes(checkpoint.StatePath);
        var uploaded = await UploadAsync(client, "resnet18-imagenet.pth", bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), uploaded.Sha256);
        Assert.Equal(bytes.Length, uploaded.Bytes);

        var spec = Resnet18Spec();
        spec.Pretrained = uploaded;
        var job = await client.StartTrainingAsync(spec);
        Assert.Equal(1, job.Spec.FreezeEpochs);
        Assert.Equal("resnet18-imagenet.pth", job.Spec.Pretrained.FileName);
        var plan = await mesh.AugmentationClient.GetPlanAsync(new PlanRef { PlanId = job.PlanId });
        Assert.Equal(Backbones.Mean, plan.Spec.Mean);
        Assert.Equal(Backbones.Std, plan.Spec.Std);
        Assert.Equal(3, plan.Spec.Channels);

        var events = await client.WatchToEndAsync(job.JobId, TimeSpan.FromMinutes(4));
        var finished = events.Last().Finished;
        Assert.True(finished.State == JobState.JobSucceeded, finished.Error);
        Assert.Equal(2, finished.EpochsDone);
        using var call = client.GetCheckpoint(new JobRef { JobId = job.JobId });
        Assert.True(await call.ResponseStream.MoveNext());
        var card = call.ResponseStream.Current.Card;
        Assert.Equal("resnet18", card.Backbone);
        Assert.Equal(uploaded.Sha256, card.PretrainedSha256);
    }

    [Fact]
    public async Task Bad_pretrained_files_each_get_their_own_status_and_the_service_keeps_serving()
    {
        using var resnet18 = TorchvisionCheckpoint.Create("resnet18", "safetensors", size: 32);
        Directory.CreateDirectory(mesh.WeightsRoot);
        string InRoot(string name, byte[] bytes)
        {
            var path = Path.Combine(mesh.WeightsRoot, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }
        var good = File.ReadAllBytes(resnet18.StatePath);
        var truncated = InRoot("truncated.safetensors", good[..(good.Length / 3)]);
        var resnet18File = InRoot("resnet18.safetensors", good);
        var huge = Path.Combine(mesh.WeightsRoot, "huge.pth");
        await using (var sparse = new FileStream(huge, FileMode.Create)) sparse.SetLength(2L << 30);
        var outside = Path.Combine(Path.GetTempPath(), $"imesh-outside-{Guid.NewGuid():N}.pth");
        File.WriteAllBytes(outside, good);
        var link = Path.Combine(mesh.WeightsRoot, "link-out.pth");
        File.CreateSymbolicLink(link, outside);

        var dataRoot = mesh.NewDataRoot();
        await using var host = await mesh.StartTrainingAsync(dataRoot, new Dictionary<string, string?>
        {
            ["Training:MaxPretrainedBytes"] = $"{good.Length + 1024}",
        });
        var client = new TrainingService.TrainingServiceClient(host.Channel);
        async Task<RpcException> Refused(Action<TrainingSpec> change)
        {
            var spec = Resnet18Spec(epochs: 1);
            change(spec);
            return await Assert.ThrowsAsync<RpcException>(() => client.StartTrainingAsync(spec).ResponseAsync);
        }
        static void Is(StatusCode code, string text, RpcException error)
        {
            Assert.True(error.StatusCode == code, $"{error.StatusCode}: {error.Status.Detail}");
            Assert.Contains(text, error.Status.Detail);
        }

        Is(StatusCode.FailedPrecondition, "not a readable safetensors file",
            await Refused(s => s.Pretrained = new PretrainedWeights { Path = truncated }));
        Is(StatusCode.FailedPrecondition, "does not fit resnet34: key 'layer1.2.conv1.weight' [64, 64, 3, 3] is missing",
            await Refused(s => { s.Model = "resnet34"; s.Pretrained = new PretrainedWeights { Path = resnet18File }; }));
        Is(StatusCode.ResourceExhausted, $"it has {2L << 30} bytes",
            await Refused(s => s.Pretrained = new PretrainedWeights { Path = huge }));
        Is(StatusCode.PermissionDenied, "outside-allowed-roots", await Refused(s => s.Pretrained = new PretrainedWeights { Path = outside }));
        Is(StatusCode.PermissionDenied, "outside-allowed-roots", await Refused(s => s.Pretrained = new PretrainedWeights { Path = link }));
        Is(StatusCode.NotFound, "does not exist",
            await Refused(s => s.Pretrained = new PretrainedWeights { Path = Path.Combine(mesh.WeightsRoot, "absent.pth") }));
        Is(StatusCode.FailedPrecondition, "were uploaded to this training service",
            await Refused(s => s.Pretrained = new PretrainedWeights { Sha256 = new string('a', 64) }));
        Is(StatusCode.InvalidArgument, "torchvision backbones only",
            await Refused(s => { s.Model = "cnn"; s.Pretrained = new PretrainedWeights { Path = truncated }; }));
        Is(StatusCode.InvalidArgument, "give pretrained weights", await Refused(s => s.FreezeEpochs = 1));
        var tooLarge = await Assert.ThrowsAsync<RpcException>(() => UploadAsync(client, "big.pth", new byte[good.Length + 4096]));
        Is(StatusCode.ResourceExhausted, "Training:MaxPretrainedBytes", tooLarge);
        Assert.Empty((await client.ListJobsAsync(new ListJobsRequest())).Jobs);
        Assert.Empty(Directory.GetFiles(Path.Combine(dataRoot, "pretrained"), "*.tmp"));

        var spec = Resnet18Spec(epochs: 1);
        spec.Pretrained = new PretrainedWeights { Path = resnet18File };
        var job = await client.StartTrainingAsync(spec);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(good)), job.Spec.Pretrained.Sha256);
        File.Delete(outside);
    }

    private static async Task<PretrainedWeights> UploadAsync(TrainingService.TrainingServiceClient client, string name, byte[] bytes)
    {
        using var call = client.UploadPretrained();
        for (var offset = 0; offset < bytes.Length; offset += 1 << 20)
        {
            await call.RequestStream.WriteAsync(new PretrainedChunk
            {
                FileName = offset == 0 ? name : "",
                Data = ByteString.CopyFrom(bytes, offset, Math.Min(1 << 20, bytes.Length - offset)),
            });
        }
        await call.RequestStream.CompleteAsync();
        return await call;
    }
}
