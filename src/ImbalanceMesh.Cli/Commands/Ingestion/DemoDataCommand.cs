using System.CommandLine;
using ImbalanceMesh.Imaging.Demo;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Ingestion;

/// <summary>`imesh demo-data PATH`: write the embedded imbalanced demo set as a class-per-folder tree (no service needed).</summary>
public static class DemoDataCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "Folder to write <class>/<image>.png into." };
        var seed = new Option<long>("--seed") { Description = "Generator seed (same seed, same bytes).", DefaultValueFactory = _ => DemoDataset.DefaultSeed };
        var size = new Option<int>("--size") { Description = "Image side in pixels.", DefaultValueFactory = _ => DemoDataset.DefaultSize };
        var command = new Command("demo-data", "Write the demo dataset: textured circles, squares and triangles, 400/120/30 (13.3:1), as PNGs.");
        command.Arguments.Add(path);
        command.Options.Add(seed);
        command.Options.Add(size);
        command.SetMeshAction((ctx, _) =>
        {
            var root = CliPaths.Full(ctx.Get(path), "PATH");
            var total = DemoDataset.DefaultCounts.Values.Sum();
            var written = 0;
            if (ctx.Json) written = DemoDataset.WriteTo(root, size: ctx.Get(size), seed: ctx.Get(seed));
            else
                ctx.Console.Progress().Start(progress =>
                {
                    var bar = progress.AddTask("demo images", maxValue: total);
                    written = DemoDataset.WriteTo(root, size: ctx.Get(size), seed: ctx.Get(seed), progress: new Progress<int>(n => bar.Value = n));
                    bar.Value = total;
                });
            if (ctx.Json) ctx.WriteJson(new { path = root, images = written, classes = DemoDataset.DefaultCounts });
            else ctx.Console.MarkupLineInterpolated($"Wrote {written} images to {root} ({string.Join(", ", DemoDataset.DefaultCounts.Select(kv => $"{kv.Key} {kv.Value}"))}). Import with: imesh ingest folder {root} --dataset demo");
            return Task.FromResult(0);
        });
        return command;
    }
}
