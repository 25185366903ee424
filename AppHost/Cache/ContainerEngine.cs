using System.ComponentModel;
using System.Diagnostics;

namespace ImbalanceMesh.AppHost.Cache;

/// <summary>Whether a container engine answers right now (`docker info`: about 0.05 s when no daemon runs).</summary>
public static class ContainerEngine
{
    public static bool Answers()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") is { Length: > 0 } r ? r : "docker";
        var info = new ProcessStartInfo(runtime, ["info"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var process = Process.Start(info)!;
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            if (process.WaitForExit(TimeSpan.FromSeconds(5))) return process.ExitCode == 0;
            process.Kill(entireProcessTree: true);
            return false;
        }
        catch (Win32Exception)
        {
            return false; // not installed
        }
    }
}
