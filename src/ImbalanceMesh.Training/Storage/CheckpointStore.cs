using Google.Protobuf;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Storage;
using ImbalanceMesh.Training.Configuration;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Training.Storage;

/// <summary>
/// Per job, under DataRoot/checkpoints/JOB (a folder every replica reaches): the best model so far (best.model +
/// best.card, what GetCheckpoint serves) and the latest epoch's state for resuming (last.model + last.optimizer + last.card). Each file is replaced atomically;
/// the card is written last, so a card always describes weights that are complete on disk.
/// </summary>
public sealed class CheckpointStore(IOptions<TrainingOptions> options)
{
    private readonly string _root = Path.Combine(options.Value.FullDataRoot, "checkpoints");

    public void SaveLatest(string jobId, byte[] model, byte[] optimizer, ModelCard card)
    {
        AtomicFile.Write(PathOf(jobId, "last.model"), model);
        AtomicFile.Write(PathOf(jobId, "last.optimizer"), optimizer);
        AtomicFile.Write(PathOf(jobId, "last.card"), card.ToByteArray());
    }

    public void SaveBest(string jobId, byte[] model, ModelCard card)
    {
        AtomicFile.Write(PathOf(jobId, "best.model"), model);
        AtomicFile.Write(PathOf(jobId, "best.card"), card.ToByteArray());
    }

    public (byte[] Model, byte[] Optimizer, ModelCard Card)? LoadLatest(string jobId)
    {
        var card = ReadCard(jobId, "last.card");
        if (card is null) return null;
        return (File.ReadAllBytes(PathOf(jobId, "last.model")), File.ReadAllBytes(PathOf(jobId, "last.optimizer")), card);
    }

    public (byte[] Model, ModelCard Card)? LoadBest(string jobId)
    {
        var card = ReadCard(jobId, "best.card");
        return card is null ? null : (File.ReadAllBytes(PathOf(jobId, "best.model")), card);
    }

    /// <summary>
    /// Deletes the temp files of checkpoint writes a kill interrupted in the job's folder. Only for the holder of the
    /// job's lease, before it runs the job: no other replica writes there then.
    /// </summary>
    public IReadOnlyList<string> RemoveLeftovers(string jobId) => PendingFile.DeleteLeftovers(Path.Combine(_root, jobId));

    private ModelCard? ReadCard(string jobId, string name)
    {
        var path = PathOf(jobId, name);
        return File.Exists(path) ? ModelCard.Parser.ParseFrom(File.ReadAllBytes(path)) : null;
    }

    private string PathOf(string jobId, string name) => Path.Combine(_root, jobId, name);
}
