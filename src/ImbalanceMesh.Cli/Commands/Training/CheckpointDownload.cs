using Google.Protobuf;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Storage;

namespace ImbalanceMesh.Cli.Commands.Training;

/// <summary>Writes a job's best checkpoint to FILE (TorchSharp weights) and FILE.card.json (the model card), each via temp + rename.</summary>
public static class CheckpointDownload
{
    public static async Task<(string Model, string Card)> SaveAsync(TrainingService.TrainingServiceClient client, string jobId,
        string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        ModelCard? card = null;
        await using (var file = PendingFile.For(full))
        {
            using var call = client.GetCheckpoint(new JobRef { JobId = jobId }, cancellationToken: ct);
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(ct))
            {
                card ??= chunk.Card;
                await file.Stream.WriteAsync(chunk.Data.Memory, ct);
            }
            if (card is null) throw new CliException($"the checkpoint stream of {jobId} carried no model card");
            file.Commit(full);
        }
        var cardPath = full + ".card.json";
        await AtomicFile.WriteAsync(cardPath, System.Text.Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(card)), ct);
        return (full, cardPath);
    }
}
