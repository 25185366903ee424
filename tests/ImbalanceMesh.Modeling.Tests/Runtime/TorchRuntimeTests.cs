using ImbalanceMesh.Modeling.Runtime;
using TorchSharp;

namespace ImbalanceMesh.Modeling.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Libtorch_loads_and_computes()
    {
        TorchRuntime.EnsureInitialized();
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, 2, 2);
        using var product = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, product.data<float>().ToArray());
    }

    [Fact]
    public void Mallopt_fix_is_applied_on_linux()
    {
        Assert.Equal(OperatingSystem.IsLinux(), TorchRuntime.MemoryTuningApplied);
    }

    [Fact]
    public void Auto_device_is_cpu_without_cuda_and_cuda_request_fails_clearly()
    {
        Assert.False(TorchRuntime.CudaAvailable);
        Assert.Equal(DeviceType.CPU, TorchRuntime.SelectDevice(DevicePreference.Auto).type);
        var error = Assert.Throws<InvalidOperationException>(() => TorchRuntime.SelectDevice(DevicePreference.Cuda));
        Assert.Contains("no CUDA device", error.Message);
    }
}
