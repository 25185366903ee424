using System.Runtime.InteropServices;

namespace ImbalanceMesh.Testing;

/// <summary>POSIX signals sent to a real process: a kill, a shutdown, or a pause the process cannot notice.</summary>
public static class Signals
{
    public const int Kill = 9;
    public const int Terminate = 15;
    public const int Continue = 18;
    public const int Stop = 19;

    /// <summary>False when the process is gone (or the signal could not be sent).</summary>
    public static bool Send(int pid, int signal) => kill(pid, signal) == 0;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
