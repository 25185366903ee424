using System.Net;
using System.Net.Sockets;
using ImbalanceMesh.AppHost.Tests.Support;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.AppHost.Tests.Integration;

[Collection(MeshCollection.Name)]
public class BadInputTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_unknown_option_is_refused_with_exit_code_2_and_nothing_started()
    {
        await using var host = AppHostProcess.Start(["--frobnicate"]);

        Assert.Equal(2, await host.WaitForExitAsync(ExitTimeout));
        Assert.Contains("Unknown option '--frobnicate'", host.Output);
        host.AssertNoProcessLeft();
    }

    [Fact]
    public async Task A_port_in_use_names_the_resource_and_port_and_nothing_is_started()
    {
        var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        try
        {
            var port = ((IPEndPoint)busy.LocalEndpoint).Port;
            // --port-base gives the cache the base and augmentation (third resource) base+2.
            await using var host = AppHostProcess.Start(["--port-base", (port - 2).ToString()]);

            Assert.Equal(1, await host.WaitForExitAsync(ExitTimeout));
            Assert.Contains($"augmentation: port {port} on 127.0.0.1 is already in use", host.Output);
            host.AssertNoProcessLeft();
        }
        finally
        {
            busy.Stop();
        }
    }

    [Fact]
    public async Task A_missing_redis_server_is_named_with_the_install_command()
    {
        var emptyPath = Directory.CreateTempSubdirectory("imesh-nopath-").FullName;
        await using var host = AppHostProcess.Start([], new Dictionary<string, string> { ["PATH"] = emptyPath });

        Assert.Equal(1, await host.WaitForExitAsync(ExitTimeout));
        Assert.Contains("cache: redis-server is not installed", host.Output);
        Assert.Contains("apt-get install -y redis-server", host.Output);
        host.AssertNoProcessLeft();
        Directory.Delete(emptyPath);
    }

    [Fact]
    public async Task A_service_that_exits_at_start_stops_the_mesh_with_its_name_and_output_and_no_orphans()
    {
        // Inherited by the services (not read by the AppHost): an invalid log level makes each .NET service fail at
        // start-up, the way a bad configuration would. Ingestion is the first service to start.
        await using var host = AppHostProcess.Start([],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Loudest" });

        Assert.Equal(1, await host.WaitForExitAsync(ExitTimeout));
        Assert.Contains("ingestion exited with code", host.Output);
        Assert.Contains("while starting", host.Output);
        Assert.Contains("Loudest", host.Output);
        Assert.DoesNotContain("augmentation: Starting", host.Output);
        Assert.Matches(@"cache: Running 127\.0\.0\.1:\d+ \(pid \d+\)", host.Output); // Redis was up, so must be gone
        host.AssertNoProcessLeft();
        Assert.False(File.Exists(host.EndpointsPath));
    }
}
