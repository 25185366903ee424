using ImbalanceMesh.Evaluation.Configuration;
using Microsoft.Extensions.Options;

namespace ImbalanceMesh.Evaluation.Plots;

/// <summary>
/// SkiaSharp's NoDependencies build has no font manager, so ScottPlot finds no typeface with glyphs by name. Registers
/// one TrueType file under a family name once and tells which family plots should use (null: none found, plots render
/// without readable text).
/// </summary>
public sealed class PlotFonts
{
    private const string Family = "ImbalanceMesh Sans";
    private static readonly string[] Preferred =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    ];

    private readonly Lazy<string?> _family;

    public PlotFonts(IOptions<EvaluationOptions> options, ILogger<PlotFonts> logger) =>
        _family = new Lazy<string?>(() => Register(options.Value.FontFile, logger));

    public string? FamilyName => _family.Value;

    public static string? FindFontFile(string configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
        var preferred = Preferred.FirstOrDefault(File.Exists);
        if (preferred is not null || !Directory.Exists("/usr/share/fonts")) return preferred;
        return Directory.EnumerateFiles("/usr/share/fonts", "*.ttf", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();
    }

    private static string? Register(string configured, ILogger logger)
    {
        var file = FindFontFile(configured);
        if (file is null)
        {
            logger.LogWarning("No TrueType font found (Evaluation:FontFile = '{Configured}', none under /usr/share/fonts); report plots will have no readable text", configured);
            return null;
        }
        ScottPlot.Fonts.AddFontFile(Family, file, bold: false, italic: false);
        logger.LogInformation("Plot text uses {FontFile}", file);
        return Family;
    }
}
