using System.CommandLine;
using ImbalanceMesh.Contracts;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Cli.Commands.Plans;
using ImbalanceMesh.Cli.Commands.Training;
using ImbalanceMesh.Core.Strategies;
using ImbalanceMesh.Core.Transfer;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Mesh;

/// <summary>`imesh sweep`: train several imbalance strategies on one budget, evaluate, rank, compare.</summary>
public static class SweepCommand
{
    private static readonly Option<string> Dataset = new("--dataset") { Description = "Dataset to train on.", Required = true };
    private static readonly Option<string?> EvalDataset = new("--eval-dataset") { Description = "Dataset whose test split scores the models (default: --dataset). Class names must match." };
    private static readonly Option<string[]> Strategies = new("--strategies")
    {
        Description = $"Strategies to compare (default: {string.Join(", ", StrategyCatalog.Names)}): names or compositions of parts joined by '+', e.g. oversample+logit-adjusted, balanced+mixup+mix-off, ce+drw ({StrategyParts.Known}).",
        AllowMultipleArgumentsPerToken = true,
    };
    private static readonly Option<int> Epochs = new("--epochs") { Description = "Epochs per strategy.", DefaultValueFactory = _ => 5 };
    private static readonly Option<long> Seed = new("--seed") { Description = "Seed shared by every strategy.", DefaultValueFactory = _ => 42 };
    private static readonly Option<string> Model = new("--model") { Description = "cnn | resnet20 | resnet32 | resnet18 | resnet34 | resnet50 | vgg16.", DefaultValueFactory = _ => "cnn" };
    private static readonly Option<int> BatchSize = new("--batch-size") { DefaultValueFactory = _ => 64 };
    private static readonly Option<int?> ImageSize = new("--image-size") { Description = "Square side in pixels (default 32; 224 for a torchvision backbone)." };
    private static readonly Option<string?> Pretrained = new("--pretrained") { Description = "A torchvision state dict (.pth or .safetensors), uploaded once: every strategy starts from these weights." };
    private static readonly Option<int?> FreezeEpochs = new("--freeze-epochs") { Description = "Head-only epochs before fine-tuning the whole backbone (default 1 with --pretrained)." };
    private static readonly Option<string> Augment = new("--augment")
    {
        Description = "Augmentation preset every strategy shares (a strategy's aug=LEVEL part changes its strength).",
        DefaultValueFactory = _ => StrategyCatalog.SharedAugmentation,
    };
    private static readonly Option<string?> Flip = new("--flip") { Description = "Random flips of the shared augmentation: none, h, v or hv (default: the preset's; none for digits or text)." };
    private static readonly Option<string> Out = new("--out") { Description = "Directory for the sweep report.", DefaultValueFactory = _ => "sweep-report" };

    public static Command Create()
    {
        var command = new Command("sweep", "Train every chosen strategy with the same model, budget and seed, evaluate them and rank them by balanced accuracy and macro-F1.");
        foreach (var option in new Option[] { Dataset, EvalDataset, Strategies, Epochs, Seed, Model, BatchSize, ImageSize, Pretrained, FreezeEpochs, Augment, Flip, Out })
            command.Options.Add(option);
        command.SetMeshAction(async (ctx, ct) =>
        {
            var names = (ctx.Get(Strategies) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();
            List<ImbalanceStrategy> strategies;
            try
            {
                strategies = names.Count == 0 ? [.. StrategyCatalog.All] : names.Select(StrategyCatalog.Get).ToList();
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message);
            }
            var dataset = ctx.Get(Dataset)!;
            var model = ctx.Get(Model)!;
            var pretrained = ctx.Get(Pretrained) is { } file
                ? await PretrainedUpload.SendAsync(new TrainingService.TrainingServiceClient(ctx.Channel("training")), file, ct)
                : null;
            var settings = new SweepSettings(dataset, ctx.Get(EvalDataset) ?? dataset, strategies, ctx.Get(Epochs),
                ctx.Get(Seed), model, ctx.Get(BatchSize), ctx.Get(ImageSize) ?? (Backbones.IsBackbone(model) ? Backbones.ImageSize : 32),
                ctx.Get(Out)!, pretrained, ctx.Get(FreezeEpochs)) { Augmentation = SharedAugmentation(ctx) };
            var outcome = await RunAsync(ctx, settings, ct);
            Print(ctx, outcome);
            return outcome.Ranked.Any(r => r.Error is null) ? 0 : 1;
        });
        return command;
    }

    private static AugmentationSpec SharedAugmentation(CliContext ctx)
    {
        AugmentationSpec augmentation;
        try
        {
            augmentation = AugmentationPresets.Get(ctx.Get(Augment)!);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--{e.Message}.");
        }
        if (ctx.Get(Flip) is { } flip) PlanOptions.SetFlips(augmentation, flip);
        return augmentation;
    }

    public static async Task<SweepOutcome> RunAsync(CliContext ctx, SweepSettings settings, CancellationToken ct)
    {
        var statistics = await new IngestionService.IngestionServiceClient(ctx.Channel("ingestion")).GetStatisticsAsync(
            new StatisticsRequest { Dataset = new DatasetRef { Dataset = settings.Dataset }, Split = Split.Train },
            cancellationToken: ct);
        var minority = statistics.MinorityClasses.FirstOrDefault()
            ?? throw new CliException($"Dataset '{settings.Dataset}' has no classes in its train split.");
        return await new SweepRunner(ctx).RunAsync(settings, minority, ct);
    }

    public static void Print(CliContext ctx, SweepOutcome outcome)
    {
        if (ctx.Json)
        {
            ctx.WriteJson(new { report = outcome.HtmlReport, comparison = outcome.ComparisonJson, results = outcome.Ranked });
            return;
        }
        var table = new Table().AddColumns("rank", "strategy", "bal. acc.", "macro-F1", "G-mean", "minority recall");
        var rank = 0;
        foreach (var r in outcome.Ranked)
        {
            table.AddRow(r.Error is null ? (++rank).ToString() : "-", Markup.Escape(r.Strategy), Format(r.BalancedAccuracy),
                Format(r.MacroF1), Format(r.GMean), Format(r.MinorityRecall));
        }
        ctx.Console.Write(table);
        foreach (var failed in outcome.Ranked.Where(r => r.Error is not null))
            ctx.Console.MarkupLineInterpolated($"[red]{failed.Strategy} failed[/]: {failed.Error}");
        var best = outcome.Ranked.FirstOrDefault(r => r.Error is null);
        if (best is not null) ctx.Console.MarkupLineInterpolated($"Recommended: [bold]{best.Strategy}[/] ({best.Summary}).");
        if (outcome.HtmlReport is not null) ctx.Console.MarkupLineInterpolated($"Report: [link]{outcome.HtmlReport}[/]");
    }

    private static string Format(double? value) => value is { } v ? v.ToString("0.000") : "-";
}
