using System.CommandLine;
using Google.Protobuf;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Cli.Commands.Evaluation;

/// <summary>--job JOB or --checkpoint FILE (weights + FILE.card.json, as `imesh job checkpoint` writes them).</summary>
public sealed class ModelSourceOptions
{
    public Option<string?> Job { get; } = new("--job") { Description = "Training job whose best checkpoint to use." };

    public Option<string?> Checkpoint { get; } = new("--checkpoint")
    {
        Description = "Local checkpoint file instead of a job (its model card is read from FILE.card.json).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Job);
        command.Options.Add(Checkpoint);
    }

    public ModelSource Read(CliContext ctx)
    {
        var (job, checkpoint) = (ctx.Get(Job), ctx.Get(Checkpoint));
        if (string.IsNullOrWhiteSpace(job) == string.IsNullOrWhiteSpace(checkpoint))
            throw new CliException("give exactly one of --job JOB or --checkpoint FILE");
        if (!string.IsNullOrWhiteSpace(job)) return new ModelSource { JobId = job.Trim() };
        var cardPath = checkpoint + ".card.json";
        if (!File.Exists(checkpoint)) throw new CliException($"checkpoint file {checkpoint} does not exist");
        if (!File.Exists(cardPath)) throw new CliException($"model card {cardPath} does not exist (imesh job checkpoint writes it next to the weights)");
        ModelCard card;
        try
        {
            card = JsonParser.Default.Parse<ModelCard>(File.ReadAllText(cardPath));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new CliException($"{cardPath} is not a model card: {e.Message}");
        }
        return new ModelSource { Checkpoint = ByteString.CopyFrom(File.ReadAllBytes(checkpoint)), ModelCard = card.ToByteString() };
    }
}
