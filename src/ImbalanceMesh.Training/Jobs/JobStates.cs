using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Training.Jobs;

public static class JobStates
{
    public static bool IsTerminal(JobState state) => state is JobState.JobSucceeded or JobState.JobFailed or JobState.JobCancelled;
}
