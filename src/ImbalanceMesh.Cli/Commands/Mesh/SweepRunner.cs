using Grpc.Core;
using ImbalanceMesh.Cli.Commands.Training;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Core.Strategies;
using Spectre.Console;

namespace ImbalanceMesh.Cli.Commands.Mesh;

/// <summary>
/// Trains every strategy of a sweep (all jobs are submitted at once; the training service runs them as its
/// concurrency allows), evaluates each on the evaluation dataset's test split and compares the reports.
/// A failed strategy becomes a result with its error, never the end of the sweep.
/// </summary>
public sealed class SweepRunner(CliContext ctx)
{
    private readonly TrainingService.TrainingServiceClient _training = new(ctx.Channel("training"));
    private readonly EvaluationService.EvaluationServiceClient _evaluation = new(ctx.Channel("evaluation"));

    public async Task<SweepOutcome> RunAsync(SweepSettings settings, string minorityClass, CancellationToken ct)
    {
        var results = await ctx.Console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var runs = settings.Strategies.Select(strategy => RunStrategyAsync(settings, strategy, minorityClass,
                    progress.AddTask(strategy.Name, maxValue: Math.Max(settings.Epochs, 1)), ct));
                return await Task.WhenAll(runs.ToList());
            });

        var ranked = SweepRanking.Rank(results);
        var succeeded = results.Where(r => r.Report is not null).Select(r => r.Report!).ToList();
        string? comparisonHtml = null, comparisonJson = null;
        if (succeeded.Count > 0)
        {
            var comparison = await _evaluation.CompareAsync(new CompareRequest { ReportIds = { succeeded } },
                cancellationToken: ct);
            comparisonHtml = await DownloadAsync(comparison.ComparisonId, ArtifactKind.ArtifactHtml, settings, ct);
            comparisonJson = await DownloadAsync(comparison.ComparisonId, ArtifactKind.ArtifactJson, settings, ct);
        }
        return new SweepOutcome(ranked, comparisonHtml, comparisonJson);
    }

    private async Task<StrategyResult> RunStrategyAsync(SweepSettings settings, ImbalanceStrategy strategy,
        string minorityClass, ProgressTask task, CancellationToken ct)
    {
        string? jobId = null;
        try
        {
            var job = await _training.StartTrainingAsync(StrategySpecs.ToTrainingSpec(strategy, settings),
                cancellationToken: ct);
            jobId = job.JobId;
            var finished = await JobProgressView.WatchAsync(_training, jobId, task, onEvent: null, ct);
            if (finished.State != JobState.JobSucceeded)
                return Failed(strategy, jobId, $"training {finished.State}: {finished.Error}");

            task.Description = $"{strategy.Name} (evaluating)";
            var report = await _evaluation.EvaluateAsync(new EvaluateRequest
            {
                Model = new ModelSource { JobId = jobId },
                Dataset = new DatasetRef { Dataset = settings.EvalDataset },
                Split = Split.Test,
                Name = strategy.Name,
            }, cancellationToken: ct);
            task.Description = strategy.Name;
            task.Value = task.MaxValue;
            var recall = report.PerClass.ToDictionary(c => c.ClassName, c => c.Recall);
            return new StrategyResult(strategy.Name, strategy.Summary, jobId, report.ReportId,
                report.Metrics.BalancedAccuracy, report.Metrics.MacroF1, report.Metrics.GMean,
                recall.GetValueOrDefault(minorityClass), recall, null);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            return Failed(strategy, jobId, $"{e.StatusCode}: {e.Status.Detail}");
        }
        finally
        {
            task.StopTask();
        }
    }

    private async Task<string> DownloadAsync(string id, ArtifactKind kind, SweepSettings settings, CancellationToken ct)
    {
        using var call = _evaluation.DownloadArtifact(new ArtifactRequest { ReportId = id, Kind = kind },
            cancellationToken: ct);
        return await ArtifactFiles.SaveAsync(call.ResponseStream, settings.OutputDirectory,
            kind == ArtifactKind.ArtifactHtml ? "sweep.html" : "comparison.json", ct);
    }

    private static StrategyResult Failed(ImbalanceStrategy strategy, string? jobId, string error) =>
        new(strategy.Name, strategy.Summary, jobId, null, null, null, null, null, null, error);
}

public sealed record SweepOutcome(IReadOnlyList<StrategyResult> Ranked, string? HtmlReport, string? ComparisonJson);
