using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// `dotnet Service.dll --health-check`: asks grpc.health.v1 on the address this service listens on (the same
/// ASPNETCORE_URLS / HTTP_PORTS settings) and exits 0 when SERVING, 1 otherwise. Container HEALTHCHECKs use it,
/// so images need no curl or grpc_health_probe.
/// </summary>
public static class HealthCheckMode
{
    public const string Argument = "--health-check";
    private const string KestrelDefault = "http://127.0.0.1:5000";

    /// <summary>Call first in Program.cs: returns when the argument is absent, otherwise exits the process.</summary>
    public static void ExitIfRequested(string[] args)
    {
        if (!args.Contains(Argument)) return;
        Environment.Exit(CheckAsync(Environment.GetEnvironmentVariable).GetAwaiter().GetResult());
    }

    public static async Task<int> CheckAsync(Func<string, string?> environment)
    {
        var address = OwnAddress(environment);
        using var channel = GrpcChannel.ForAddress(address);
        try
        {
            var reply = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(),
                deadline: DateTime.UtcNow.AddSeconds(3));
            var serving = reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
            (serving ? Console.Out : Console.Error).WriteLine($"{address}: {reply.Status}");
            return serving ? 0 : 1;
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine($"{address}: {e.StatusCode} {e.Status.Detail}");
            return 1;
        }
    }

    /// <summary>The first URL the service binds, with wildcard hosts (*, +, 0.0.0.0, [::]) reached through loopback.</summary>
    public static string OwnAddress(Func<string, string?> environment)
    {
        var urls = First(environment, "ASPNETCORE_URLS", "DOTNET_URLS");
        if (urls is not null)
        {
            var url = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
            foreach (var wildcard in new[] { "://*:", "://+:", "://0.0.0.0:", "://[::]:" })
                url = url.Replace(wildcard, "://127.0.0.1:");
            return url;
        }
        var ports = First(environment, "ASPNETCORE_HTTP_PORTS", "DOTNET_HTTP_PORTS", "HTTP_PORTS");
        if (ports is not null)
            return $"http://127.0.0.1:{ports.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]}";
        return KestrelDefault;
    }

    private static string? First(Func<string, string?> environment, params string[] names) =>
        names.Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
