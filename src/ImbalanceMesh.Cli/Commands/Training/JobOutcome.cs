using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Cli.Commands.Training;

/// <summary>
/// The --json document of `imesh train` and `imesh job watch` when the job ends. checkpoint: the file written with
/// --out, else the job id to give `imesh job checkpoint`, or null when the job has no checkpoint. warnings: the
/// service's warnings about the spec (e.g. a double correction).
/// </summary>
public sealed record JobOutcome(string Job, string Status, int EpochsDone, double BestValBalancedAccuracy, string? Checkpoint, string? Error,
    IReadOnlyList<string> Warnings)
{
    public static JobOutcome From(Job job, string? checkpointFile) => new(job.JobId, JobStatus.Name(job.State), job.EpochsDone,
        job.BestValBalancedAccuracy, checkpointFile ?? (job.HasCheckpoint ? job.JobId : null),
        string.IsNullOrEmpty(job.Error) ? null : job.Error, [.. job.Warnings]);
}

public static class JobStatus
{
    public static string Name(JobState state) => state switch
    {
        JobState.JobQueued => "queued",
        JobState.JobRunning => "running",
        JobState.JobSucceeded => "succeeded",
        JobState.JobFailed => "failed",
        JobState.JobCancelled => "cancelled",
        _ => "unknown",
    };
}
