using System.CommandLine;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Cli.Commands.Ingestion;

/// <summary>`imesh ingest folder|idx|cifar|upload`: import images into a dataset as a new version.</summary>
public static class IngestCommand
{
    public static Command Create()
    {
        var command = new Command("ingest", "Import images into a dataset (each import makes a new, immutable version).");
        command.Subcommands.Add(Folder());
        command.Subcommands.Add(Idx());
        command.Subcommands.Add(Cifar());
        command.Subcommands.Add(UploadCommand.Create());
        return command;
    }

    private static IngestionService.IngestionServiceClient Client(CliContext ctx) => new(ctx.Channel("ingestion"));

    private static Command Folder()
    {
        var path = new Argument<string>("path") { Description = "Folder on the SERVER with one sub-folder per class." };
        var args = new ImportArguments();
        var command = new Command("folder", "Import a class-per-folder tree that the ingestion server can read (below its allowed roots).");
        command.Arguments.Add(path);
        args.AddTo(command);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var call = Client(ctx).ImportFolder(new ImportFolderRequest { Options = args.Read(ctx), Path = CliPaths.Full(ctx.Get(path), "PATH") },
                cancellationToken: ct);
            return ImportOutput.Write(ctx, await ImportOutput.FollowAsync(ctx, call, $"import {ctx.Get(args.Dataset)}", ct));
        });
        return command;
    }

    private static Command Idx()
    {
        var images = new Option<string>("--images") { Description = "idx3-ubyte image file (plain or .gz).", Required = true };
        var labels = new Option<string>("--labels") { Description = "idx1-ubyte label file (plain or .gz).", Required = true };
        var classes = new Option<string?>("--classes") { Description = "Class names by label value, e.g. zero,one,two." };
        var args = new ImportArguments();
        var command = new Command("idx", "Import MNIST-layout IDX files that the ingestion server can read.");
        command.Options.Add(images);
        command.Options.Add(labels);
        command.Options.Add(classes);
        args.AddTo(command);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var request = new ImportIdxRequest
            {
                Options = args.Read(ctx),
                ImagesPath = CliPaths.Full(ctx.Get(images), "--images"),
                LabelsPath = CliPaths.Full(ctx.Get(labels), "--labels"),
            };
            request.ClassNames.AddRange(ImportArguments.ParseNames(ctx.Get(classes)));
            var call = Client(ctx).ImportIdx(request, cancellationToken: ct);
            return ImportOutput.Write(ctx, await ImportOutput.FollowAsync(ctx, call, $"import {ctx.Get(args.Dataset)}", ct));
        });
        return command;
    }

    private static Command Cifar()
    {
        var files = new Argument<string[]>("files") { Description = "CIFAR binary batch files (data_batch_1.bin ...).", Arity = ArgumentArity.OneOrMore };
        var kind = new Option<string>("--kind") { Description = "auto | 10 | 100 (auto: from the file size).", DefaultValueFactory = _ => "auto" };
        var coarse = new Option<bool>("--coarse") { Description = "CIFAR-100: use the 20 coarse labels instead of the 100 fine ones." };
        var classes = new Option<string?>("--classes") { Description = "Class names by label value (default: the meta file next to the batches, or the standard names)." };
        var args = new ImportArguments();
        var command = new Command("cifar", "Import CIFAR-10 / CIFAR-100 binary batches that the ingestion server can read.");
        command.Arguments.Add(files);
        command.Options.Add(kind);
        command.Options.Add(coarse);
        command.Options.Add(classes);
        args.AddTo(command);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var request = new ImportCifarRequest
            {
                Options = args.Read(ctx),
                UseCoarseLabels = ctx.Get(coarse),
                Kind = ctx.Get(kind) switch
                {
                    "auto" => CifarKind.Unspecified,
                    "10" => CifarKind._10,
                    "100" => CifarKind._100,
                    var other => throw new CliException($"--kind is auto, 10 or 100; got '{other}'."),
                },
            };
            request.Paths.AddRange(ctx.Get(files)!.Select(f => CliPaths.Full(f, "FILE")));
            request.ClassNames.AddRange(ImportArguments.ParseNames(ctx.Get(classes)));
            var call = Client(ctx).ImportCifar(request, cancellationToken: ct);
            return ImportOutput.Write(ctx, await ImportOutput.FollowAsync(ctx, call, $"import {ctx.Get(args.Dataset)}", ct));
        });
        return command;
    }
}
