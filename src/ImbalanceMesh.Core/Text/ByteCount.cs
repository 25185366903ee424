using System.Globalization;

namespace ImbalanceMesh.Core.Text;

/// <summary>Byte counts the way people read them in messages: "12,884,901,888 bytes (12.0 GiB)".</summary>
public static class ByteCount
{
    private static readonly string[] Units = ["KiB", "MiB", "GiB", "TiB"];

    public static string Describe(long bytes)
    {
        var exact = bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
        if (bytes < 1024) return exact;
        double value = bytes;
        var unit = -1;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return $"{exact} ({value.ToString("0.0", CultureInfo.InvariantCulture)} {Units[unit]})";
    }
}
