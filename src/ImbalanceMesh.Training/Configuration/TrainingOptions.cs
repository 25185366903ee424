using ImbalanceMesh.Core.Resilience;

namespace ImbalanceMesh.Training.Configuration;

/// <summary>Settings under "Training" (env vars Training__DataRoot, Training__MaxConcurrentJobs, ...).</summary>
public sealed class TrainingOptions
{
    public const string Section = "Training";

    /// <summary>Checkpoints (every replica must see the same folder). Default ./.imesh/data/training (relative to the working directory).</summary>
    public string DataRoot { get; set; } = Path.Combine(".imesh", "data", "training");

    /// <summary>Jobs that train at the same time; the rest wait in the queue.</summary>
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>libtorch intra-op threads per process when the spec does not say; 0 = one per core.</summary>
    public int Threads { get; set; }

    /// <summary>The most threads a job may ask for; more would oversubscribe the machine. Default: its cores.</summary>
    public int MaxThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Batches fetched ahead of the training step.</summary>
    public int PrefetchBatches { get; set; } = 4;

    /// <summary>Least time between two step-progress events of one job.</summary>
    public int StepEventMilliseconds { get; set; } = 200;

    /// <summary>
    /// Retries of a job whose dependency (augmentation, ingestion, Redis) is unavailable: the first wait, doubled per
    /// retry up to the longest, at most RetryAttempts times in a row without a finished epoch; then the job fails.
    /// </summary>
    public int RetryInitialMilliseconds { get; set; } = 500;

    public int RetryMaxMilliseconds { get; set; } = 30_000;

    public int RetryAttempts { get; set; } = 12;

    /// <summary>
    /// How long a replica's hold on a running job lasts without a heartbeat. A replica that died is taken over this long
    /// after its last heartbeat, from the job's last checkpoint.
    /// </summary>
    public int LeaseMilliseconds { get; set; } = 15_000;

    /// <summary>How often the replica running a job renews its lease and looks for a cancel asked of another replica.</summary>
    public int HeartbeatMilliseconds { get; set; } = 1_000;

    /// <summary>How often an idle worker looks at the shared queue (a job submitted to this replica wakes it at once).</summary>
    public int QueuePollMilliseconds { get; set; } = 500;

    /// <summary>How often WatchJob reads the job's state when no event came (an event another replica sent can be lost).</summary>
    public int WatchPollMilliseconds { get; set; } = 2_000;

    public BackoffSchedule RetrySchedule => new(
        TimeSpan.FromMilliseconds(RetryInitialMilliseconds), TimeSpan.FromMilliseconds(RetryMaxMilliseconds), RetryAttempts);

    /// <summary>
    /// Pretrained weights named by path are read only below these folders (see ImbalanceMesh.Storage.AllowedRoots;
    /// env Training__AllowedRoots__0, ...). Default: the working directory.
    /// </summary>
    public List<string> AllowedRoots { get; set; } = [];

    /// <summary>The largest pretrained state dict accepted, uploaded or by path (vgg16's is 528 MiB). Default 1 GiB.</summary>
    public long MaxPretrainedBytes { get; set; } = 1L << 30;

    public string FullDataRoot => Path.GetFullPath(DataRoot);
}
