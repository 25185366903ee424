using System.CommandLine;
using System.Globalization;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Ingestion;

/// <summary>`imesh datasets`: every dataset with its sealed versions, sizes and classes.</summary>
public static class DatasetsCommand
{
    public sealed record VersionJson(int Version, long Samples, long Bytes, IReadOnlyList<string> Classes, string CreatedUtc,
        double[] Split, long Seed, int Resize);

    public sealed record DatasetJson(string Name, IReadOnlyList<VersionJson> Versions);

    public static Command Create()
    {
        var command = new Command("datasets", "List the datasets, their versions, sizes and classes.");
        command.SetMeshAction(async (ctx, ct) =>
        {
            var response = await new IngestionService.IngestionServiceClient(ctx.Channel("ingestion"))
                .ListDatasetsAsync(new ListDatasetsRequest(), cancellationToken: ct);
            if (ctx.Json)
            {
                ctx.WriteJson(new
                {
                    datasets = response.Datasets.Select(d => new DatasetJson(d.Name, d.Versions.Select(v => new VersionJson(
                        v.Version, v.Samples, v.Bytes, v.Classes, v.CreatedUtc, [v.Split.Train, v.Split.Val, v.Split.Test], v.Seed, v.Resize)).ToList())),
                });
                return 0;
            }
            if (response.Datasets.Count == 0)
            {
                ctx.Console.MarkupLine("No datasets yet: import one with [bold]imesh ingest[/] (try [bold]imesh demo-data ./demo[/] first).");
                return 0;
            }
            var table = new Table().AddColumns("dataset", "version", "samples", "size", "classes", "split", "resize", "sealed UTC");
            foreach (var d in response.Datasets)
                foreach (var v in d.Versions)
                    table.AddRow(Markup.Escape(d.Name), v.Version.ToString(CultureInfo.InvariantCulture), v.Samples.ToString("N0", CultureInfo.InvariantCulture),
                        Size(v.Bytes), Markup.Escape(string.Join(", ", v.Classes.Take(8)) + (v.Classes.Count > 8 ? $" … ({v.Classes.Count})" : "")),
                        $"{v.Split.Train:0.##}/{v.Split.Val:0.##}/{v.Split.Test:0.##}", v.Resize == 0 ? "-" : $"{v.Resize}×{v.Resize}",
                        Markup.Escape(Sealed(v.CreatedUtc)));
            ctx.Console.Write(table);
            return 0;
        });
        return command;
    }

    private static string Sealed(string utc) =>
        DateTime.TryParse(utc, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) ? t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : utc;

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes / 1024.0 / 1024.0:0.#} MiB",
    };
}
