using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Ingestion;

/// <summary>How every `imesh ingest` command shows its result, and how it follows a server-side import.</summary>
public static class ImportOutput
{
    public sealed record RejectedJson(string File, string Reason);

    public sealed record ConflictJson(string Hash, IReadOnlyList<string> Classes, IReadOnlyList<string> Files);

    public sealed record ImportJson(string Dataset, int Version, long Imported, long Duplicates,
        IReadOnlyList<RejectedJson> Rejected, IReadOnlyList<ConflictJson> LabelConflicts, IReadOnlyList<string> SplitNotes);

    /// <summary>Reads progress events (a progress bar unless --json) until the result arrives.</summary>
    public static async Task<ImportResult> FollowAsync(CliContext ctx, AsyncServerStreamingCall<ImportEvent> call, string label,
        CancellationToken ct)
    {
        ImportResult? result = null;
        async Task Read(ProgressTask? bar)
        {
            await foreach (var e in call.ResponseStream.ReadAllAsync(ct))
            {
                if (e.EventCase == ImportEvent.EventOneofCase.Result) result = e.Result;
                else if (bar is not null)
                {
                    bar.MaxValue = Math.Max(1, e.Progress.Total);
                    bar.Value = e.Progress.Processed;
                }
            }
        }
        if (ctx.Json) await Read(null);
        else await ctx.Console.Progress().StartAsync(progress => Read(progress.AddTask(Markup.Escape(label))));
        return result ?? throw new CliException("The import ended without a result.");
    }

    /// <summary>1 when any file was rejected (the others are imported all the same), else 0.</summary>
    private static int ExitCode(ImportResult result) => result.Rejected.Count > 0 ? 1 : 0;

    public static int Write(CliContext ctx, ImportResult result)
    {
        if (ctx.Json)
        {
            ctx.WriteJson(new ImportJson(result.Dataset, result.Version, result.Imported, result.Duplicates,
                result.Rejected.Select(r => new RejectedJson(r.File, r.Reason)).ToList(),
                result.LabelConflicts.Select(c => new ConflictJson(c.Hash, c.Classes, c.Files)).ToList(),
                result.SplitNotes));
            return ExitCode(result);
        }
        var console = ctx.Console;
        if (result.Version > 0)
            console.MarkupLineInterpolated($"[green]{result.Dataset} v{result.Version}[/]: {result.Imported} imported, {result.Duplicates} duplicates skipped, {result.CarriedOver} carried over from the previous version, {result.Rejected.Count} rejected.");
        else
            console.MarkupLineInterpolated($"[yellow]{result.Dataset}[/]: nothing new ({result.Duplicates} duplicates, {result.Rejected.Count} rejected); no version was created.");
        if (result.ClassCounts.Count > 0)
        {
            var table = new Table().AddColumns("class", "samples");
            foreach (var (name, count) in result.ClassCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                table.AddRow(Markup.Escape(name), count.ToString());
            console.Write(table);
        }
        if (result.Rejected.Count > 0)
        {
            var table = new Table().Title("rejected").AddColumns("file", "reason");
            foreach (var r in result.Rejected.Take(50)) table.AddRow(Markup.Escape(r.File), Markup.Escape(r.Reason));
            console.Write(table);
            if (result.Rejected.Count > 50) console.MarkupLineInterpolated($"… and {result.Rejected.Count - 50} more (use --json for all).");
        }
        foreach (var c in result.LabelConflicts)
            console.MarkupLineInterpolated($"[red]label conflict[/]: the same image is {string.Join(" and ", c.Classes)} ({string.Join(", ", c.Files)}); the first one was kept.");
        foreach (var note in result.SplitNotes) console.MarkupLineInterpolated($"[yellow]note[/]: {note}");
        return ExitCode(result);
    }
}
