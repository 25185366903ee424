using TorchSharp;

namespace ImbalanceMesh.Modeling.Runtime;

/// <summary>Process-wide TorchSharp set-up: the allocator fix once, the thread count, and run-time device choice.</summary>
public static class TorchRuntime
{
    private static readonly Lazy<bool> MemoryTuned = new(NativeMemoryTuning.Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when the mallopt start-up fix was applied in this process.</summary>
    public static bool MemoryTuningApplied => MemoryTuned.Value;

    /// <summary>Applies the allocator fix (once) and loads libtorch. Call before the first tensor.</summary>
    public static void EnsureInitialized()
    {
        _ = MemoryTuned.Value;
        torch.InitializeDeviceType(DeviceType.CPU);
    }

    /// <summary>Sets the intra-op thread count; 0 or less keeps libtorch's default (one per core).</summary>
    public static void SetThreads(int threads)
    {
        EnsureInitialized();
        if (threads > 0 && torch.get_num_threads() != threads) torch.set_num_threads(threads);
    }

    public static bool CudaAvailable
    {
        get
        {
            EnsureInitialized();
            return torch.cuda.is_available();
        }
    }

    /// <summary>auto = CUDA when available, else CPU. Asking for CUDA where there is none is an error, not a fallback.</summary>
    public static torch.Device SelectDevice(DevicePreference preference)
    {
        EnsureInitialized();
        return preference switch
        {
            DevicePreference.Cpu => torch.CPU,
            DevicePreference.Cuda when torch.cuda.is_available() => torch.CUDA,
            DevicePreference.Cuda => throw new InvalidOperationException(
                "device 'cuda' was requested but no CUDA device is available (this build uses the CPU libtorch unless " +
                "built with -p:TorchBackend=cuda); use device 'auto' or 'cpu'"),
            _ => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
        };
    }
}
