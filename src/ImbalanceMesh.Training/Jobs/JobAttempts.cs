using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.Training.Configuration;
using ImbalanceMesh.Training.Loop;
using ImbalanceMesh.Training.Storage;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Training.Jobs;

/// <summary>
/// Runs a job to its end. When a dependency (augmentation, ingestion, Redis) is unavailable, waits by the retry schedule
/// and runs the job again from its last checkpoint, as a restart of the service would; every epoch finished in between
/// starts the count of retries again. Out of retries, the failure is the job's.
/// </summary>
public sealed class JobAttempts(
    IServiceProvider services,
    JobStore jobs,
    JobEventHub events,
    IOptions<TrainingOptions> options,
    ILogger<JobAttempts> logger)
{
    public async Task<StoredJob> RunAsync(StoredJob stored, JobLease lease, CancellationToken ct)
    {
        var schedule = options.Value.RetrySchedule;
        var retries = 0;
        while (true)
        {
            var epochsBefore = stored.Job.EpochsDone;
            try
            {
                using var scope = services.CreateScope();
                return await scope.ServiceProvider.GetRequiredService<JobRunner>().RunAsync(stored, lease, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && DependencyFailure.IsTransient(e))
            {
                stored = jobs.Find(stored.Job.JobId) ?? stored;
                retries = stored.Job.EpochsDone > epochsBefore ? 1 : retries + 1;
                var reason = DependencyFailure.Describe(e);
                if (schedule.DelayBefore(retries) is not { } delay)
                    throw new InvalidOperationException($"{reason} (gave up after {schedule.MaxAttempts} retries)", e);
                logger.LogWarning("Job {Job}: {Reason}; retry {Retry}/{Retries} in {Delay} from the checkpoint of epoch {Epoch}",
                    stored.Job.JobId, reason, retries, schedule.MaxAttempts, delay, stored.Job.EpochsDone);
                events.Publish(new JobEvent
                {
                    JobId = stored.Job.JobId,
                    Log = $"{reason}; retry {retries}/{schedule.MaxAttempts} in {delay.TotalSeconds:0.#} s from the checkpoint of epoch {stored.Job.EpochsDone}",
                });
                await Task.Delay(delay, ct);
            }
        }
    }
}
