using System.Diagnostics;

namespace ImbalanceMesh.Training.Loop;

/// <summary>Images/s and the share of wall time spent waiting for batches, over one epoch so far.</summary>
public sealed class EpochMeter
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _lossSum;

    public int Steps { get; private set; }
    public long Images { get; private set; }
    public TimeSpan Elapsed => _clock.Elapsed;
    public double MeanLoss => Steps == 0 ? 0 : _lossSum / Steps;

    public void Add(int images, float loss)
    {
        Steps++;
        Images += images;
        _lossSum += loss;
    }

    public double ImagesPerSecond => Elapsed.TotalSeconds > 0 ? Images / Elapsed.TotalSeconds : 0;

    public double DataWaitFraction(TimeSpan waited) =>
        Elapsed.TotalSeconds > 0 ? Math.Clamp(waited.TotalSeconds / Elapsed.TotalSeconds, 0, 1) : 0;
}
