namespace ImbalanceMesh.Modeling.Runtime;

public enum DevicePreference
{
    Auto,
    Cpu,
    Cuda,
}

public static class DevicePreferenceParser
{
    /// <summary>"", "auto", "cpu", "cuda" (case-insensitive); anything else is rejected with a usable message.</summary>
    public static bool TryParse(string? text, out DevicePreference preference)
    {
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "":
            case "auto": preference = DevicePreference.Auto; return true;
            case "cpu": preference = DevicePreference.Cpu; return true;
            case "cuda": preference = DevicePreference.Cuda; return true;
            default: preference = DevicePreference.Auto; return false;
        }
    }
}
