using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.AppHost.Tests.Support;
using ImbalanceMesh.Testing;

namespace ImbalanceMesh.AppHost.Tests.Integration;

/// <summary>The AppHost as a user runs it: a real process, its exit code, its output, what it leaves behind.</summary>
[Collection(MeshCollection.Name)]
public class AppHostProcessTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_executes_the_command_against_the_healthy_mesh_then_stops_it_and_returns_its_exit_code()
    {
        const string command = "cp .imesh/endpoints.json seen.json && stat -c %a .imesh/endpoints.json > mode.txt " +
                               "&& echo \"$IMESH_AUGMENTATION_URL\" > url.txt && imesh status > status.txt; exit 7";
        await using var host = AppHostProcess.Start(["--run", command]);

        var exitCode = await host.WaitForExitAsync(StartTimeout);
        Assert.True(exitCode == 7, $"exit code {exitCode}:\n{host.Output}");
        var seen = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(host.WorkingDirectory, "seen.json")))!;
        Assert.Equal(AspireMesh.Resources.Order(), seen.Keys.Order());
        Assert.Equal("600", File.ReadAllText(Path.Combine(host.WorkingDirectory, "mode.txt")).Trim());
        Assert.Equal(seen["augmentation"], File.ReadAllText(Path.Combine(host.WorkingDirectory, "url.txt")).Trim());
        var status = File.ReadAllText(Path.Combine(host.WorkingDirectory, "status.txt"));
        Assert.All(AspireMesh.Services, s => Assert.Contains(s, status));
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(status, "SERVING").Count);
        Assert.Contains("Login to the dashboard at http://", host.Output);
        Assert.DoesNotContain("restart", host.Output);
        Assert.False(File.Exists(host.EndpointsPath));
        await host.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_job_running_when_the_apphost_restarts_without_data_finishes_after_the_next_start()
    {
        const int epochs = 10;
        var root = Directory.CreateTempSubdirectory("imesh-restart-").FullName;
        string jobId;
        await using (var first = AppHostProcess.Start([], workingDirectory: root))
        {
            var endpoints = await first.WaitForEndpointsAsync(StartTimeout);
            using (var ingestion = GrpcChannel.ForAddress(endpoints["ingestion"]))
                await DemoImport.WriteAndImportAsync(new IngestionService.IngestionServiceClient(ingestion), Path.Combine(root, "inbox"),
                    "shapes", new Dictionary<string, int> { ["circle"] = 40, ["square"] = 20, ["triangle"] = 10 }, size: 16, split: null, seed: 1);

            using var channel = GrpcChannel.ForAddress(endpoints["training"]);
            var training = new TrainingService.TrainingServiceClient(channel);
            jobId = (await training.StartTrainingAsync(TinyJob.Spec("shapes", epochs, stepsPerEpoch: 30))).JobId;
            using (var watch = training.WatchJob(new JobRef { JobId = jobId }))
                await foreach (var update in watch.ResponseStream.ReadAllAsync())
                    if (update.Epoch is not null) break;
            Assert.InRange((await training.GetJobAsync(new JobRef { JobId = jobId })).EpochsDone, 1, epochs - 1);

            // What Ctrl+C does: Aspire stops every process, and Redis (no --data) forgets every plan and batch.
            first.Signal(Signals.Terminate);
            Assert.Equal(0, await first.WaitForExitAsync(ExitTimeout));
            await first.AssertNothingLeftAsync();
        }

        await using (var second = AppHostProcess.Start([], workingDirectory: root))
        {
            var restarted = await second.WaitForEndpointsAsync(StartTimeout);
            using var again = GrpcChannel.ForAddress(restarted["training"]);
            var finished = await TinyJob.WatchUntilFinishedAsync(new TrainingService.TrainingServiceClient(again), jobId);
            Assert.True(finished?.State == JobState.JobSucceeded, $"{finished?.State}: {finished?.Error}");
            Assert.Equal(epochs, finished!.EpochsDone);
        }
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task After_the_apphost_is_sigkilled_the_orchestrator_stops_everything_it_started()
    {
        await using var host = AppHostProcess.Start([]);
        await host.WaitForEndpointsAsync(StartTimeout);
        Assert.Contains(host.LiveProcesses(), p => p.Contains("ImbalanceMesh.Training"));
        Assert.Contains(host.LiveProcesses(), p => p.EndsWith("redis-server"));

        host.Signal(Signals.Kill);
        await host.WaitForExitAsync(ExitTimeout);

        await host.AssertNothingLeftAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task An_unknown_option_is_refused_with_exit_code_2_and_the_options_listed()
    {
        await using var host = AppHostProcess.Start(["--frobnicate", "x", "--run"]);

        Assert.Equal(2, await host.WaitForExitAsync(ExitTimeout));
        Assert.Contains("Unknown option '--frobnicate'.", host.Output);
        Assert.Contains("--run needs a value.", host.Output);
        Assert.Contains("--root DIR", host.Output);
        await host.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task Without_a_container_engine_a_missing_redis_server_is_named_with_the_install_command()
    {
        var emptyPath = Directory.CreateTempSubdirectory("imesh-nopath-").FullName;
        await using var host = AppHostProcess.Start([], new Dictionary<string, string> { ["PATH"] = emptyPath });

        Assert.Equal(1, await host.WaitForExitAsync(ExitTimeout));
        Assert.Contains("cache: no container engine answers", host.Output);
        Assert.Contains("apt-get install -y redis-server", host.Output);
        await host.AssertNothingLeftAsync();
        Directory.Delete(emptyPath);
    }

    [Fact]
    public async Task A_service_that_exits_at_start_stops_the_mesh_with_its_name_exit_code_and_output()
    {
        // Inherited by the services, read by training alone: its options cannot bind, so its host fails at start-up.
        await using var host = AppHostProcess.Start([],
            new Dictionary<string, string> { ["Training__MaxConcurrentJobs"] = "several" });

        Assert.Equal(1, await host.WaitForExitAsync(StartTimeout));
        Assert.Contains("training exited with code", host.Output);
        Assert.Contains("while starting", host.Output);
        Assert.Contains("MaxConcurrentJobs", host.Output);
        Assert.False(File.Exists(host.EndpointsPath));
        await host.AssertNothingLeftAsync();
    }
}
