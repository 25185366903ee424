using System.CommandLine;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Storage;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Ingestion;

/// <summary>
/// `imesh ingest upload PATH`: send a local class-per-folder tree to the service over gRPC. Nothing outside PATH is
/// sent: links leading out of it, loops and unreadable files are listed as rejected (<see cref="ClassFolderTree"/>).
/// </summary>
public static class UploadCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "Local folder with one sub-folder per class." };
        var args = new ImportArguments();
        var command = new Command("upload", "Upload a local class-per-folder tree (for servers that cannot read your disk). " +
                                            "Links leading out of the folder are not followed; each file is streamed in 1 MiB chunks.");
        command.Arguments.Add(path);
        args.AddTo(command);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var root = CliPaths.Full(ctx.Get(path), "PATH");
            if (!Directory.Exists(root)) throw new CliException($"Folder '{root}' does not exist.");
            var roots = new AllowedRoots([root]);
            var listing = ClassFolderTree.List(root, roots);
            if (listing.Files.Count == 0) throw new CliException($"'{root}' has no files in class sub-folders ({root}/<class>/<image>).");
            var sendable = listing.Files.Where(f => f.Rejection is null).ToList();
            var items = sendable.Select(f => new SampleUploader.UploadItem(f.ClassName, f.FileName, () => ContainedFile.OpenRead(roots, f.RealPath!)));
            var options = args.Read(ctx);
            var client = new IngestionService.IngestionServiceClient(ctx.Channel("ingestion"));
            ImportResult? result = null;
            if (ctx.Json) result = await SampleUploader.UploadAsync(client, options, items, null, ct);
            else
                await ctx.Console.Progress().StartAsync(async progress =>
                {
                    var bar = progress.AddTask(Markup.Escape($"upload {options.Dataset}"), maxValue: Math.Max(1, sendable.Count));
                    result = await SampleUploader.UploadAsync(client, options, items, new Progress<int>(n => bar.Value = n), ct);
                    bar.Value = bar.MaxValue;
                });
            var rejected = listing.Files.Where(f => f.Rejection is not null)
                .Select(f => new RejectedFile { File = f.Source, Reason = f.Rejection }).Concat(result!.Rejected).ToList();
            result.Rejected.Clear();
            result.Rejected.Add(rejected);
            return ImportOutput.Write(ctx, result);
        });
        return command;
    }
}
