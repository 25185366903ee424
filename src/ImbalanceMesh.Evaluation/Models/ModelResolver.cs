using Google.Protobuf;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Errors;

namespace ImbalanceMesh.Evaluation.Models;

/// <summary>Turns a ModelSource into checkpoint bytes + model card: a training job's best checkpoint, or an upload.</summary>
public sealed class ModelResolver(TrainingService.TrainingServiceClient training)
{
    public async Task<ResolvedModel> ResolveAsync(ModelSource? source, CancellationToken ct)
    {
        switch (source?.SourceCase)
        {
            case ModelSource.SourceOneofCase.JobId when !string.IsNullOrWhiteSpace(source.JobId):
                return await FetchAsync(source.JobId.Trim(), ct);
            case ModelSource.SourceOneofCase.Checkpoint:
                return FromUpload(source);
            default:
                throw MeshException.Invalid("model is missing: give model.job_id (a training job) or model.checkpoint with model.model_card");
        }
    }

    private static ResolvedModel FromUpload(ModelSource source)
    {
        if (source.Checkpoint.IsEmpty)
            throw MeshException.Invalid("model.checkpoint is empty");
        if (source.ModelCard.IsEmpty)
            throw MeshException.Invalid("model.model_card is empty: an uploaded checkpoint needs its serialized ModelCard (architecture, classes, image size)");
        ModelCard card;
        try
        {
            card = ModelCard.Parser.ParseFrom(source.ModelCard);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw MeshException.Invalid($"model.model_card is not a serialized ModelCard: {e.Message}");
        }
        return new ResolvedModel(source.Checkpoint.ToByteArray(), card, card.JobId, "uploaded checkpoint");
    }

    private async Task<ResolvedModel> FetchAsync(string jobId, CancellationToken ct)
    {
        ModelCard? card = null;
        using var weights = new MemoryStream();
        using var call = training.GetCheckpoint(new JobRef { JobId = jobId }, cancellationToken: ct);
        await foreach (var chunk in call.ResponseStream.ReadAllAsync(ct))
        {
            card ??= chunk.Card;
            chunk.Data.WriteTo(weights);
        }
        if (card is null || weights.Length == 0)
            throw MeshException.Precondition($"training returned no checkpoint for job {jobId}");
        return new ResolvedModel(weights.ToArray(), card, jobId, $"job {jobId}, epoch {card.Epoch}");
    }
}
