using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Training.Jobs;

public static class JobStates
{
    public static bool IsTerminal(JobState state) => state is JobState.JobSucceeded or JobState.JobFailed or JobState.JobCancelled;

    /// <summary>queued, running, succeeded, failed or cancelled: the state as a person reads it.</summary>
    public static string Name(JobState state) => state.ToString().Replace("Job", "").ToLowerInvariant();
}
