using ImbalanceMesh.Core.Batches;
using ImbalanceMesh.Evaluation.Configuration;
using ImbalanceMesh.Modeling.Checkpoints;
using ImbalanceMesh.ServiceDefaults.Errors;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Evaluation.Models;

/// <summary>Loads a resolved checkpoint for inference; a checkpoint that does not fit its card is FAILED_PRECONDITION.</summary>
public sealed class ModelLoader(IOptions<EvaluationOptions> options)
{
    public TrainedModel Load(ResolvedModel model)
    {
        if (model.Card.Classes.Count < 2)
            throw MeshException.Precondition($"the model card names {model.Card.Classes.Count} classes; a classifier needs at least 2");
        try
        {
            return TrainedModel.Load(model.Checkpoint, model.Card, threads: options.Value.Threads);
        }
        catch (InvalidDataException e)
        {
            throw MeshException.Precondition($"{model.Source}: {e.Message}");
        }
    }

    /// <summary>The card's normalisation, or the mesh default when an uploaded card gives none.</summary>
    public static (float[] Mean, float[] Std) Normalization(TrainedModel model)
    {
        var channels = model.Spec.Channels;
        return model.Card.Mean.Count == channels && model.Card.Std.Count == channels
            ? (model.Card.Mean.ToArray(), model.Card.Std.ToArray())
            : (Enumerable.Repeat(PixelNormalization.DefaultMean, channels).ToArray(),
               Enumerable.Repeat(PixelNormalization.DefaultStd, channels).ToArray());
    }
}
