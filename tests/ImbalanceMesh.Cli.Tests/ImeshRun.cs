namespace ImbalanceMesh.Cli.Tests;

/// <summary>
/// Runs `imesh` in this process and captures what it prints. Console.Out and Console.Error are process-wide, so every
/// test class that runs imesh belongs to the <see cref="Collection"/> (run one after another).
/// </summary>
public static class ImeshRun
{
    public const string Collection = "imesh console";

    public static async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (previousOut, previousError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exit = await ImeshApp.BuildRoot().Parse(args).InvokeAsync();
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }
}

[CollectionDefinition(ImeshRun.Collection)]
public sealed class ImeshConsoleCollection;
