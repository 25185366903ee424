using System.Text.RegularExpressions;

namespace ImbalanceMesh.Evaluation.Tests.Support;

public static partial class HtmlImages
{
    /// <summary>The decoded bytes of every data:image/png;base64 URI in the page.</summary>
    public static List<byte[]> EmbeddedPngs(string html) =>
        DataUri().Matches(html).Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();

    [GeneratedRegex("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex DataUri();
}
