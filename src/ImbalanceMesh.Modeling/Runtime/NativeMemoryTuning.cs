using System.Runtime.InteropServices;

namespace ImbalanceMesh.Modeling.Runtime;

/// <summary>
/// glibc's default mmap threshold makes every training step map and unmap its activation buffers (a page-fault storm,
/// about ten times slower). Keeping freed memory in the heap instead fixes it. Linux (glibc) only.
/// </summary>
internal static class NativeMemoryTuning
{
    private const int MTrimThreshold = -1;
    private const int MTopPad = -2;
    private const int MMmapMax = -4;
    private const int TopPadBytes = 256 * 1024 * 1024;

    /// <summary>Returns true when all three settings were accepted by glibc.</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return mallopt(MMmapMax, 0) == 1
                && mallopt(MTrimThreshold, int.MaxValue) == 1
                && mallopt(MTopPad, TopPadBytes) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // musl and other libcs without mallopt
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);
}
