using System.CommandLine;
using ImbalanceMesh.Cli.Commands.Ingestion;
using ImbalanceMesh.Cli.Commands.Mesh;
using ImbalanceMesh.Cli.Commands.Training;

namespace ImbalanceMesh.Cli;

public static class ImeshApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("imesh: ingest, balance, train and evaluate imbalanced image datasets on the ImbalanceMesh services.");
        foreach (var option in GlobalOptions.All) root.Options.Add(option);
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(Commands.Plans.PlanCommands.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(JobsCommand.Create());
        root.Subcommands.Add(JobCommand.Create());
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(DatasetsCommand.Create());
        root.Subcommands.Add(DemoDataCommand.Create());
        root.Subcommands.Add(Commands.Evaluation.EvalCommand.Create());
        root.Subcommands.Add(Commands.Evaluation.CompareCommand.Create());
        root.Subcommands.Add(Commands.Evaluation.PredictCommand.Create());
        return root;
    }
}
