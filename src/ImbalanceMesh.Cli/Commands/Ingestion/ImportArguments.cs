using System.CommandLine;
using System.Globalization;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Budgets;

namespace ImbalanceMesh.Cli.Commands.Ingestion;

/// <summary>Options shared by the `imesh ingest` commands: dataset, split fractions, split seed and resize.</summary>
public sealed class ImportArguments
{
    public Option<string> Dataset { get; } = new("--dataset") { Description = "Dataset to import into (a new version is created).", Required = true };
    public Option<string> Split { get; } = new("--split") { Description = "Train,val,test fractions per class, e.g. 0.8,0.1,0.1 or 0,0,1.", DefaultValueFactory = _ => "0.8,0.1,0.1" };
    public Option<long> Seed { get; } = new("--seed") { Description = "Seed of the stratified split.", DefaultValueFactory = _ => 42 };
    public Option<int> Resize { get; } = new("--resize")
    {
        Description = $"Store every image as N×N pixels: shorter side scaled to N, centre cropped (torchvision Resize(N)+CenterCrop(N)); " +
                      $"{ImportRanges.Resize.Min}..{ImportRanges.Resize.Max}. Default: keep each image's size.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Dataset);
        command.Options.Add(Split);
        command.Options.Add(Seed);
        command.Options.Add(Resize);
    }

    public ImportOptions Read(CliContext ctx) => new()
    {
        Dataset = ctx.Get(Dataset)!,
        Split = ParseSplit(ctx.Get(Split)!),
        Seed = ctx.Get(Seed),
        Resize = ctx.Get(Resize) is var resize && resize != 0 ? ImportRanges.Resize.Checked(resize, Resize) : 0,
    };

    public static SplitFractions ParseSplit(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[3];
        if (parts.Length != 3 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok))
            throw new CliException($"--split takes three fractions train,val,test such as 0.8,0.1,0.1; got '{text}'.");
        return new SplitFractions { Train = values[0], Val = values[1], Test = values[2] };
    }

    /// <summary>Class names from "a,b,c" (empty when not given).</summary>
    public static IReadOnlyList<string> ParseNames(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.TrimEntries);
}
