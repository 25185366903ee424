using System.CommandLine;
using Grpc.Core;

namespace ImbalanceMesh.Cli;

public static class CommandRunner
{
    /// <summary>
    /// Runs a command body; user-fixable failures print one line to stderr and exit 1. A local file that cannot be read
    /// or written (missing, unreadable, a loop of links, a full disk) is such a failure too.
    /// </summary>
    public static void SetMeshAction(this Command command, Func<CliContext, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = new CliContext(parse);
            try
            {
                return await body(context, cancellationToken);
            }
            catch (CliException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
            catch (RpcException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.StatusCode}: {e.Status.Detail}");
                return 1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        });
    }
}
