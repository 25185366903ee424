using System.CommandLine;
using ImbalanceMesh.Core.Budgets;

namespace ImbalanceMesh.Cli;

/// <summary>The services' own range rules applied to a flag, so imesh refuses a value before sending it.</summary>
public static class FlagRanges
{
    public static int Checked(this IntRange range, int value, Option flag) =>
        range.Problem(value, flag.Name) is { } problem ? throw new CliException(problem) : value;
}
