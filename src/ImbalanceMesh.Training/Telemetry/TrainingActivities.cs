using System.Diagnostics;
using ImbalanceMesh.Contracts.V1;
using ImbalanceMesh.ServiceDefaults.Telemetry;

namespace ImbalanceMesh.Training.Telemetry;

/// <summary>
/// The ImbalanceMesh.Training spans. An epoch is the root of a trace: its batch reads from Redis, its StreamBatches
/// call (and so the augmentation service's work for it) and its validation are below it. Jobs are not spans: a job
/// lasts hours, and a span is only exported when it ends.
/// </summary>
public static class TrainingActivities
{
    public static readonly ActivitySource Source = new(TrainingMetrics.MeterName);

    /// <summary>
    /// One epoch of a job (counted from 1, as WatchJob counts): steps, validation, checkpoint. The job id also goes
    /// into the baggage, so the batch spans below it, which know only plan and epoch, name the job.
    /// </summary>
    public static Activity? StartEpoch(Job job, int epoch)
    {
        var activity = Source.StartActivity("training.epoch");
        activity?.SetTag(MeshTags.JobId, job.JobId)
            .SetTag(TrainingStrategy.Tag, TrainingStrategy.Of(job.Spec))
            .SetTag("imesh.epoch", epoch)
            .SetTag(MeshTags.PlanId, job.PlanId)
            .AddBaggage(MeshTags.JobId, job.JobId);
        return activity;
    }

    /// <summary>One cached batch read straight from Redis (tag imesh.cache.hit says whether it was there).</summary>
    public static Activity? StartBatchRead(string planId, int epoch, int index) =>
        StartBatchSpan("training.batch.read", planId, epoch)?.SetTag(MeshTags.BatchIndex, index);

    /// <summary>The StreamBatches call that brings the rest of an epoch from the augmentation service, from index on.</summary>
    public static Activity? StartBatchStream(string planId, int epoch, int fromIndex) =>
        StartBatchSpan("training.batch.stream", planId, epoch)?.SetTag("imesh.batch.from_index", fromIndex);

    public static Activity? StartValidation(string validationPlanId) =>
        StartBatchSpan("training.validation", validationPlanId, 0);

    private static Activity? StartBatchSpan(string name, string planId, int epoch)
    {
        var activity = Source.StartActivity(name);
        return activity?.SetTag(MeshTags.JobId, activity.GetBaggageItem(MeshTags.JobId))
            .SetTag(MeshTags.PlanId, planId)
            .SetTag(MeshTags.PlanEpoch, epoch);
    }
}
