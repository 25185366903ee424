using System.CommandLine;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Ingestion;

/// <summary>`imesh ingest upload PATH`: send a local class-per-folder tree to the service over gRPC.</summary>
public static class UploadCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "Local folder with one sub-folder per class." };
        var args = new ImportArguments();
        var command = new Command("upload", "Upload a local class-per-folder tree (for servers that cannot read your disk).");
        command.Arguments.Add(path);
        args.AddTo(command);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var root = Path.GetFullPath(ctx.Get(path)!);
            if (!Directory.Exists(root)) throw new CliException($"Folder '{root}' does not exist.");
            var files = Directory.EnumerateDirectories(root).Where(d => !Path.GetFileName(d).StartsWith('.'))
                .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)
                    .Where(f => !Path.GetFileName(f).StartsWith('.'))
                    .Select(f => (ClassName: Path.GetFileName(d), File: f)))
                .OrderBy(f => f.File, StringComparer.Ordinal).ToList();
            if (files.Count == 0) throw new CliException($"'{root}' has no files in class sub-folders ({root}/<class>/<image>).");
            var items = files.Select(f => new SampleUploader.UploadItem(f.ClassName,
                Path.GetRelativePath(Path.Combine(root, f.ClassName), f.File), File.ReadAllBytes(f.File)));
            var client = new IngestionService.IngestionServiceClient(ctx.Channel("ingestion"));
            ImportResult? result = null;
            if (ctx.Json) result = await SampleUploader.UploadAsync(client, args.Read(ctx), items, null, ct);
            else
                await ctx.Console.Progress().StartAsync(async progress =>
                {
                    var bar = progress.AddTask(Markup.Escape($"upload {ctx.Get(args.Dataset)}"), maxValue: files.Count);
                    result = await SampleUploader.UploadAsync(client, args.Read(ctx), items, new Progress<int>(n => bar.Value = n), ct);
                    bar.Value = files.Count;
                });
            return ImportOutput.Write(ctx, result!);
        });
        return command;
    }
}
