using System.CommandLine;
using Google.Protobuf;
using Grpc.Core;
using ImbalanceMesh.Contracts.V1;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Evaluation;

/// <summary>
/// `imesh predict --job JOB IMAGE...`: top-k classes per image; exit 1 when any image could not be used. Each image
/// travels in one message, so images over <see cref="MaxImageBytes"/> are refused before anything is sent.
/// </summary>
public static class PredictCommand
{
    /// <summary>The message limit less room for the file name and the framing.</summary>
    public const int MaxImageBytes = CliContext.MaxMessageBytes - 64 * 1024;

    public static Command Create()
    {
        var model = new ModelSourceOptions();
        var topK = new Option<int>("--top-k") { Description = "Classes to show per image.", DefaultValueFactory = _ => 3 };
        var images = new Argument<string[]>("image") { Description = "Image files (png, jpeg, bmp, gif, webp).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("predict", "Classify images with a trained model, through exactly the training preprocessing.");
        model.AddTo(command);
        command.Options.Add(topK);
        command.Arguments.Add(images);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var files = ctx.Get(images)!;
            var missing = files.Where(f => !File.Exists(f)).ToList();
            if (missing.Count > 0) throw new CliException($"no such file: {string.Join(", ", missing)}");
            var tooLarge = files.Select(f => new FileInfo(f)).Where(f => f.Length > MaxImageBytes).ToList();
            if (tooLarge.Count > 0)
                throw new CliException($"too large to predict (the limit is {MaxImageBytes:N0} bytes an image): " +
                                       string.Join(", ", tooLarge.Select(f => $"{f.FullName} ({f.Length:N0} bytes)")));
            var client = new EvaluationService.EvaluationServiceClient(ctx.Channel("evaluation"));
            using var call = client.Predict(cancellationToken: ct);
            await call.RequestStream.WriteAsync(new PredictRequest { Model = model.Read(ctx), TopK = ctx.Get(topK) }, ct);
            var reading = call.ResponseStream.ReadAllAsync(ct).ToListAsync(ct).AsTask();
            foreach (var file in files)
                await call.RequestStream.WriteAsync(new PredictRequest { FileName = file, Image = ByteString.CopyFrom(await File.ReadAllBytesAsync(file, ct)) }, ct);
            await call.RequestStream.CompleteAsync();
            var predictions = await reading;
            if (ctx.Json)
                ctx.WriteJson(predictions.Select(p => new
                {
                    file = p.FileName,
                    top = p.Top.Select(t => new { @class = t.ClassName, probability = t.Probability }),
                    error = string.IsNullOrEmpty(p.Error) ? null : p.Error,
                }));
            else
                foreach (var p in predictions)
                {
                    if (string.IsNullOrEmpty(p.Error))
                        ctx.Console.MarkupLineInterpolated($"{p.FileName}: {string.Join(", ", p.Top.Select(t => $"{t.ClassName} {t.Probability:0.000}"))}");
                    else ctx.Console.MarkupLineInterpolated($"{p.FileName}: [red]{p.Error}[/]");
                }
            return predictions.Any(p => !string.IsNullOrEmpty(p.Error)) ? 1 : 0;
        });
        return command;
    }
}
