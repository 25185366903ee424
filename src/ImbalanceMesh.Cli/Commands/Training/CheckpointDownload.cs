using Google.Protobuf;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Cli.Commands.Training;

/// <summary>Writes a job's best checkpoint to FILE (TorchSharp weights) and FILE.card.json (the model card), each via temp + rename.</summary>
public static class CheckpointDownload
{
    public static async Task<(string Model, string Card)> SaveAsync(TrainingService.TrainingServiceClient client, string jobId,
        string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Guid.NewGuid():N}.part";
        ModelCard? card = null;
        try
        {
            await using (var file = File.Create(temp))
            {
                using var call = client.GetCheckpoint(new JobRef { JobId = jobId }, cancellationToken: ct);
                await foreach (var chunk in call.ResponseStream.ReadAllAsync(ct))
                {
                    card ??= chunk.Card;
                    chunk.Data.WriteTo(file);
                }
            }
            if (card is null) throw new CliException($"the checkpoint stream of {jobId} carried no model card");
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        var cardPath = full + ".card.json";
        var cardTemp = cardPath + ".part";
        await File.WriteAllTextAsync(cardTemp, JsonFormatter.Default.Format(card), ct);
        File.Move(cardTemp, cardPath, overwrite: true);
        return (full, cardPath);
    }
}
