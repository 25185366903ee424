using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Cli.Commands.Evaluation;

public static class SplitOption
{
    public static readonly string[] Names = ["train", "val", "test"];

    public static Split Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "train" => Split.Train,
        "val" => Split.Val,
        "test" or null or "" => Split.Test,
        _ => throw new CliException($"unknown split '{name}'; use one of: {string.Join(", ", Names)}"),
    };
}
