using System.Text.Json;
using ImbalanceMesh.Contracts.V1;

namespace ImbalanceMesh.Training.Storage;

/// <summary>
/// A job as persisted: the public Job message and the private progress a resume needs. Version counts the writes, so
/// that a write by a replica that does not hold the job applies only to what it read.
/// </summary>
public sealed record StoredJob(Job Job, JobProgress Progress)
{
    public long Version { get; init; }
}

/// <summary>What is not in the Job message but a resumed job must know.</summary>
public sealed record JobProgress
{
    public string ValidationPlanId { get; init; } = "";
    public int BestEpoch { get; init; }
    public int EpochsWithoutImprovement { get; init; }
    public string? ValidationSkippedReason { get; init; }

    /// <summary>The joint epochs are over (all run, or stopped early): a resumed job goes on with its decoupling stage.</summary>
    public bool JointTrainingDone { get; init; }

    /// <summary>cRT's class-balanced plan and its canonical spec (re-created like the others when Redis lost it).</summary>
    public string StagePlanId { get; init; } = "";

    public byte[]? StagePlanSpec { get; init; }

    /// <summary>
    /// The canonical specs of the training and validation plans (protobuf bytes): the augmentation service keeps plans
    /// in Redis, which need not persist, and a job re-creates them from these (same spec, same plan id).
    /// </summary>
    public byte[]? TrainingPlanSpec { get; init; }

    public byte[]? ValidationPlanSpec { get; init; }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static JobProgress FromBytes(byte[] bytes) => JsonSerializer.Deserialize<JobProgress>(bytes) ?? new JobProgress();
}
