using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Modeling.Models;
using ImbalanceMesh.Modeling.Runtime;
using ImbalanceMesh.Modeling.Transfer;
using ImbalanceMesh.ServiceDefaults.Errors;
using ImbalanceMesh.Training.Storage;

namespace ImbalanceMesh.Training.Specs;

/// <summary>
/// At submission: puts a job's pretrained weights in the store (a path is copied in, an uploaded SHA-256 must be there)
/// and loads them into the job's model once, so a file that is unreadable or does not fit the architecture is refused
/// with FAILED_PRECONDITION naming the first bad key before the job is queued.
/// </summary>
public sealed class PretrainedResolver(PretrainedStore store)
{
    /// <returns>The weights with sha256, file name and size filled in.</returns>
    public PretrainedWeights Resolve(PretrainedWeights requested, ModelSpec model)
    {
        var weights = requested.Path.Length > 0 ? store.Import(requested.Path) : requested.Clone();
        if (requested.Path.Length > 0 && requested.Sha256.Length > 0 && requested.Sha256 != weights.Sha256)
            throw MeshException.Precondition($"pretrained.path '{requested.Path}' has SHA-256 {weights.Sha256}, not the {requested.Sha256} the spec names");
        weights.Path = requested.Path;
        if (weights.FileName.Length == 0) weights.FileName = requested.FileName.Length > 0 ? requested.FileName : weights.Sha256[..12];
        using var file = store.Open(weights.Sha256);
        weights.Bytes = file.Length;
        using var fence = TorchGcFence.Enter();
        using var network = ModelFactory.Create(model);
        try
        {
            PretrainedLoader.Load(network, file, weights.FileName);
        }
        catch (PretrainedWeightsException e)
        {
            throw MeshException.Precondition(e.Message);
        }
        return weights;
    }
}
