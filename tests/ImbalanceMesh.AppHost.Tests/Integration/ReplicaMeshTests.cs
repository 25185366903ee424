using System.Diagnostics;
using System.Text.Json;
using Grpc.Net.Client;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Testing;
using StackExchange.Redis;

namespace ImbalanceMesh.AppHost.Tests.Integration;

/// <summary>The AppHost with two augmentation and two training replicas, as a user runs it (--replicas 2).</summary>
[Collection(MeshCollection.Name)]
public class ReplicaMeshTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(240);
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromMinutes(6);
    private static readonly string[] Strategies = ["ce", "balanced", "weighted-ce", "focal"];

    [Fact]
    public async Task A_sweep_across_two_training_replicas_ranks_every_strategy_though_one_replica_is_SIGKILLed_mid_job()
    {
        // Inherited by the services, read by training: a killed replica's job is taken over 3 s after its last heartbeat.
        await using var host = AppHostProcess.Start(["--replicas", "2"],
            new Dictionary<string, string> { ["Training__LeaseMilliseconds"] = "3000", ["Training__HeartbeatMilliseconds"] = "500" });
        var endpoints = await host.WaitForEndpointsAsync(StartTimeout);
        Assert.Equal(2, TrainingReplicaPids(host).Count);
        using (var ingestion = GrpcChannel.ForAddress(endpoints["ingestion"]))
            await DemoImport.WriteAndImportAsync(new IngestionService.IngestionServiceClient(ingestion), Path.Combine(host.WorkingDirectory, "inbox"),
                "shapes", new Dictionary<string, int> { ["circle"] = 240, ["square"] = 120, ["triangle"] = 40 }, size: 16,
                new SplitFractions { Train = 0.6, Val = 0.2, Test = 0.2 }, seed: 2);

        using var sweep = Imesh(host.WorkingDirectory, "sweep", "--dataset", "shapes", "--strategies", string.Join(',', Strategies),
            "--epochs", "6", "--batch-size", "16", "--image-size", "16", "--out", "sweep-report", "--json");
        var stdout = sweep.StandardOutput.ReadToEndAsync();
        var stderr = sweep.StandardError.ReadToEndAsync();

        // Once a replica holds a job that has a checkpoint, SIGKILL that replica.
        await using var jobsRedis = await ConnectionMultiplexer.ConnectAsync(endpoints["jobs"]);
        using var trainingChannel = GrpcChannel.ForAddress(endpoints["training"]);
        var training = new TrainingService.TrainingServiceClient(trainingChannel);
        var (victimPid, victimJob) = await HeldJobWithACheckpointAsync(jobsRedis, training, TrainingReplicaPids(host));
        Process.GetProcessById(victimPid).Kill();

        using (var timeout = new CancellationTokenSource(SweepTimeout)) await sweep.WaitForExitAsync(timeout.Token);
        Assert.True(sweep.ExitCode == 0, $"imesh sweep exited {sweep.ExitCode}:\n{await stderr}\n{await stdout}");
        var results = JsonDocument.Parse(await stdout).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(Strategies.Order(), results.Select(r => r.GetProperty("strategy").GetString()).Order());
        Assert.All(results, r => Assert.True(r.GetProperty("error").ValueKind == JsonValueKind.Null, r.ToString()));
        Assert.All(results, r => Assert.InRange(r.GetProperty("balanced_accuracy").GetDouble(), 0.0, 1.0));

        var taken = await training.GetJobAsync(new JobRef { JobId = victimJob });
        Assert.Equal((JobState.JobSucceeded, 6), (taken.State, taken.EpochsDone));
        // The AppHost brought the killed replica back (its crash restarts count per replica).
        Assert.Contains("exited with code", host.Output);
        Assert.Contains("restart 1/5", host.Output);
    }

    /// <summary>The pid of the replica holding a lease on a job with at least one epoch done, and that job.</summary>
    private static async Task<(int Pid, string JobId)> HeldJobWithACheckpointAsync(IConnectionMultiplexer jobsRedis,
        TrainingService.TrainingServiceClient training, IReadOnlyList<int> replicas)
    {
        var database = jobsRedis.GetDatabase();
        var server = jobsRedis.GetServers().Single();
        var deadline = DateTime.UtcNow + SweepTimeout;
        while (DateTime.UtcNow < deadline)
        {
            // The training service's lease keys (Training/Storage/JobKeys), "host/pid/random" as their value.
            foreach (var key in server.Keys(pattern: "imesh:training:lease:*"))
            {
                var holder = (string?)await database.StringGetAsync(key);
                var pid = holder is null ? 0 : int.Parse(holder.Split('/')[1]);
                var jobId = ((string)key!)["imesh:training:lease:".Length..];
                if (replicas.Contains(pid) && (await training.GetJobAsync(new JobRef { JobId = jobId })).EpochsDone >= 1)
                    return (pid, jobId);
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("no training replica held a job with a checkpoint");
    }

    private static List<int> TrainingReplicaPids(AppHostProcess host) =>
        MarkedProcesses.Find(host.Marker)
            .Where(p => p.CommandLine.Contains("ImbalanceMesh.Training") && !p.CommandLine.Contains("dotnet run"))
            .Select(p => p.Pid).ToList();

    private static Process Imesh(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(BuiltArtifacts.ImeshDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}
