using System.Diagnostics;

namespace ImbalanceMesh.Testing.Torchvision;

/// <summary>
/// A torchvision model made by PyTorch itself (python3-torch / python3-torchvision from Debian, run as /usr/bin/python3
/// with torchvision_checkpoint.py beside this file): its state dict with seeded random weights, an input batch and the
/// eval-mode logits PyTorch computed for it. Made in the test run, in a temp folder deleted on Dispose.
/// </summary>
public sealed class TorchvisionCheckpoint : IDisposable
{
    public const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private TorchvisionCheckpoint(string folder, string format, int size, int batch, int classes)
    {
        Folder = folder;
        StatePath = Path.Combine(folder, "state." + format);
        Size = size;
        Batch = batch;
        Classes = classes;
        Input = ReadFloats("input.f32");
        Logits = ReadFloats("logits.f32");
    }

    public string Folder { get; }
    public string StatePath { get; }
    public int Size { get; }
    public int Batch { get; }
    public int Classes { get; }

    /// <summary>[Batch, 3, Size, Size] floats, C order.</summary>
    public float[] Input { get; }

    /// <summary>[Batch, Classes] eval-mode logits from PyTorch.</summary>
    public float[] Logits { get; }

    /// <param name="format">pth (torch.save) or safetensors.</param>
    public static TorchvisionCheckpoint Create(string architecture, string format, int size = 64, int batch = 2,
        int classes = 1000, int seed = 0)
    {
        var folder = Directory.CreateTempSubdirectory("imesh-torchvision-").FullName;
        var script = Path.Combine(BuiltArtifacts.RepositoryRoot, "tests", "ImbalanceMesh.Testing", "Torchvision", "torchvision_checkpoint.py");
        var start = new ProcessStartInfo(Python)
        {
            ArgumentList = { script, architecture, format, folder, "--size", $"{size}", "--batch", $"{batch}", "--classes", $"{classes}", "--seed", $"{seed}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"{Python} did not start (install python3-torch python3-torchvision)");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {architecture} ran longer than {Timeout}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{Python} {script} {architecture} {format} exited {process.ExitCode} (needs python3-torch and python3-torchvision): {stdout.Result}{stderr.Result}");
        return new TorchvisionCheckpoint(folder, format, size, batch, classes);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private float[] ReadFloats(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, name));
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * sizeof(float));
        return values;
    }
}
