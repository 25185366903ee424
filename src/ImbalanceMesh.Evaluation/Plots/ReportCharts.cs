using ImbalanceMesh.Contracts.V1;
using ScottPlot;

namespace ImbalanceMesh.Evaluation.Plots;

/// <summary>The PNG charts of a report: confusion heatmap, per-class recall/precision bars, ROC and PR curves.</summary>
public sealed class ReportCharts(PlotFonts fonts)
{
    private const int Width = 720;

    /// <summary>Row-normalised matrix as colour, counts written in the cells, class 0 in the top row.</summary>
    public byte[] ConfusionHeatmap(Report report)
    {
        var k = report.Classes.Count;
        var plot = NewPlot("Confusion matrix (row-normalised; counts in cells)", "predicted", "true");
        var intensities = new double[k, k];
        for (var t = 0; t < k; t++)
        for (var p = 0; p < k; p++)
            intensities[t, p] = report.ConfusionMatrixNormalized[t].Values[p];
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        heatmap.Extent = new CoordinateRect(-0.5, k - 0.5, -0.5, k - 0.5);
        plot.Add.ColorBar(heatmap);
        if (k <= 20)
            for (var t = 0; t < k; t++)
            for (var p = 0; p < k; p++)
            {
                var text = plot.Add.Text(report.ConfusionMatrix[t].Counts[p].ToString(), p, k - 1 - t);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = intensities[t, p] > 0.5 ? Colors.Black : Colors.White;
                text.LabelFontSize = k <= 10 ? 14 : 9;
            }
        var positions = Enumerable.Range(0, k).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, report.Classes.ToArray());
        plot.Axes.Left.SetTicks(positions, report.Classes.Reverse().ToArray());
        plot.Axes.SetLimits(-0.5, k - 0.5, -0.5, k - 0.5);
        return Png(plot, Width, Width - 60);
    }

    /// <summary>Recall and precision side by side for every class.</summary>
    public byte[] RecallPrecisionBars(Report report)
    {
        var plot = NewPlot("Per-class recall and precision", "class", "");
        var recall = Colors.C0;
        var precision = Colors.C1;
        var bars = report.PerClass.SelectMany((c, i) => new[]
        {
            new Bar { Position = i * 3, Value = c.Recall, FillColor = recall },
            new Bar { Position = i * 3 + 1, Value = c.Precision, FillColor = precision },
        }).ToArray();
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(report.PerClass.Select((_, i) => i * 3 + 0.5).ToArray(), report.Classes.ToArray());
        plot.Axes.SetLimits(-1, report.PerClass.Count * 3 - 1, 0, 1.05);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "recall", FillColor = recall });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "precision", FillColor = precision });
        plot.ShowLegend(Alignment.UpperRight);
        return Png(plot, Width, 400);
    }

    /// <summary>One-vs-rest ROC curve per class (classes absent from the split have none).</summary>
    public byte[] RocCurves(Report report, IReadOnlyList<IReadOnlyList<(double Fpr, double Tpr)>> curves)
    {
        var plot = NewPlot("ROC, one-vs-rest", "false positive rate", "true positive rate");
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LineColor = Colors.Gray;
        chance.LinePattern = LinePattern.Dashed;
        for (var c = 0; c < curves.Count; c++)
        {
            if (curves[c].Count == 0) continue;
            var line = plot.Add.ScatterLine(curves[c].Select(p => p.Fpr).ToArray(), curves[c].Select(p => p.Tpr).ToArray());
            line.LegendText = $"{report.Classes[c]} (AUC {report.PerClass[c].RocAuc:0.000})";
        }
        return Curves(plot);
    }

    /// <summary>Precision-recall curve per class, as a step from each threshold to the next.</summary>
    public byte[] PrecisionRecallCurves(Report report, IReadOnlyList<IReadOnlyList<(double Recall, double Precision)>> curves)
    {
        var plot = NewPlot("Precision-recall, one-vs-rest", "recall", "precision");
        for (var c = 0; c < curves.Count; c++)
        {
            if (curves[c].Count == 0) continue;
            var line = plot.Add.ScatterLine(curves[c].Select(p => p.Recall).ToArray(), curves[c].Select(p => p.Precision).ToArray());
            line.ConnectStyle = ConnectStyle.StepVertical;
            line.LegendText = $"{report.Classes[c]} (AP {report.PerClass[c].AveragePrecision:0.000})";
        }
        return Curves(plot);
    }

    /// <summary>Grouped bars of one value per class for several reports (comparison pages).</summary>
    public byte[] GroupedBars(string title, IReadOnlyList<string> classes, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series)
    {
        var plot = NewPlot(title, "class", "");
        var group = series.Count + 1;
        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < series.Count; s++)
        {
            var color = palette.GetColor(s);
            plot.Add.Bars(series[s].Values.Select((v, i) => new Bar { Position = i * group + s, Value = v, FillColor = color }).ToArray());
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = color });
        }
        plot.Axes.Bottom.SetTicks(classes.Select((_, i) => i * group + (series.Count - 1) / 2.0).ToArray(), classes.ToArray());
        plot.Axes.SetLimits(-1, classes.Count * group - 1, 0, 1.05);
        plot.ShowLegend(Alignment.UpperRight);
        return Png(plot, Width, 400);
    }

    private byte[] Curves(Plot plot)
    {
        plot.Axes.SetLimits(0, 1, 0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return Png(plot, Width, 520);
    }

    private Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        if (fonts.FamilyName is { } family) plot.Font.Set(family);
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }

    private static byte[] Png(Plot plot, int width, int height) => plot.GetImageBytes(width, height, ImageFormat.Png);
}
