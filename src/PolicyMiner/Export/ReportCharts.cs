using System.Globalization;
using PolicyMiner.Networks;
using ScottPlot;

namespace PolicyMiner.Export;

/// <summary>The report's charts, drawn with ScottPlot 5 and returned as PNG bytes.</summary>
internal static class ReportCharts
{
    private static readonly Color[] Palette = new ScottPlot.Palettes.Category10().Colors;

    private static Plot NewPlot(string title)
    {
        var font = ReportFont.Ensure();
        var plot = new Plot();
        plot.Font.Set(font);
        plot.Legend.FontName = font;
        // The rotated y-axis title was cut at the image's left edge (the font's large ascent again): move it in.
        plot.Axes.Left.Label.OffsetX = 8;
        plot.Title(title);
        return plot;
    }

    private static byte[] Png(Plot plot, int width, int height)
    {
        // Our CJK font's labels sit too high under ScottPlot's Latin-tuned placement (ReportFont.CentreCorrection):
        // move the left-axis tick labels onto their ticks and the legend labels onto their swatches.
        var left = plot.Axes.Left.TickLabelStyle;
        left.OffsetY = ReportFont.CentreCorrection(left.FontSize);
        foreach (var item in plot.Legend.ManualItems)
        {
            item.LabelStyle.OffsetY = ReportFont.CentreCorrection(plot.Legend.FontSize ?? item.LabelStyle.FontSize);
        }
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static void CategoryTicks(Plot plot, IReadOnlyList<string> labels, bool rotate)
    {
        var ticks = labels.Select((l, i) => new Tick(i, l)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        if (rotate)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        }
        plot.HideGrid();
    }

    /// <summary>
    /// Stacked bars: agreements per year, one colour per label of the field task (or one colour). The x axis is numeric
    /// (a year without agreements is a visible gap, 1952 does not sit next to 1966) with automatic integer ticks, so the
    /// labels stay readable however many years there are; fonts are large enough to read when the page is 800 px wide.
    /// </summary>
    public static byte[] PerYear(string title, IReadOnlyList<int> years, IReadOnlyList<(string Label, double[] Counts)> series)
    {
        var plot = NewPlot(title);
        var baseLine = new double[years.Count];
        for (var s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>();
            for (var i = 0; i < years.Count; i++)
            {
                if (series[s].Counts[i] <= 0)
                {
                    continue;
                }
                bars.Add(new Bar
                {
                    Position = years[i],
                    ValueBase = baseLine[i],
                    Value = baseLine[i] + series[s].Counts[i],
                    FillColor = Palette[s % Palette.Length],
                    Size = 0.8,
                });
                baseLine[i] += series[s].Counts[i];
            }
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Label, FillColor = Palette[s % Palette.Length] });
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = v => v.ToString("0", CultureInfo.InvariantCulture),
        };
        plot.Axes.SetLimitsX(years.Min() - 1, years.Max() + 1);
        plot.Axes.Margins(bottom: 0);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Bottom.TickLabelStyle.FontSize = 16;
        plot.Axes.Left.TickLabelStyle.FontSize = 16;
        plot.Legend.FontSize = 15;
        plot.HideGrid();
        plot.YLabel("协议数 agreements");
        plot.XLabel("年份 year");
        if (series.Count > 1)
        {
            plot.ShowLegend(Edge.Right);
        }
        return Png(plot, 1000, 450);
    }

    /// <summary>Horizontal bars, first category on top, labels on the left axis (long Chinese + English labels fit).</summary>
    public static byte[] BarChart(string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, string valueLabel, double? max = null)
    {
        var plot = NewPlot(title);
        var n = labels.Count;
        var bars = values.Select((v, i) => new Bar { Position = n - 1 - i, Value = v, FillColor = Palette[i % Palette.Length] }).ToList();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(labels.Select((l, i) => new Tick(n - 1 - i, l)).ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.HideGrid();
        plot.Axes.Margins(left: 0);
        if (max is { } m)
        {
            plot.Axes.SetLimitsX(0, m);
        }
        else
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        }
        // 15 px labels stay >= 12 px when the 900 px chart is shrunk into the 768 px column of an 800 px window.
        plot.Axes.Left.TickLabelStyle.FontSize = 15;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 15;
        plot.XLabel(valueLabel);
        return Png(plot, 900, 120 + 36 * Math.Max(1, n));
    }

    /// <summary>Confusion matrix as a heatmap with the counts written in the cells (rows: true, columns: predicted).</summary>
    public static byte[] Confusion(string title, IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<int>> matrix)
    {
        var plot = NewPlot(title);
        var n = labels.Count;
        var data = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                data[i, j] = i < matrix.Count && j < matrix[i].Count ? matrix[i][j] : 0;
            }
        }
        var max = Math.Max(1, data.Cast<double>().DefaultIfEmpty(0).Max());
        var low = Colors.White;
        var high = Color.FromHex("#08519c");
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                // Cell (true i, predicted j) drawn at x = j, y = n-1-i: true labels read top to bottom.
                var t = data[i, j] / max;
                var rect = plot.Add.Rectangle(j - 0.5, j + 0.5, n - 1 - i - 0.5, n - 1 - i + 0.5);
                rect.FillColor = new Color(
                    (byte)(low.R + (high.R - low.R) * t), (byte)(low.G + (high.G - low.G) * t), (byte)(low.B + (high.B - low.B) * t));
                rect.LineColor = Colors.LightGray;
                var text = plot.Add.Text(((int)data[i, j]).ToString(CultureInfo.InvariantCulture), j, n - 1 - i);
                text.LabelFontName = ReportFont.Name;
                text.LabelFontSize = 14;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelOffsetY = ReportFont.CentreCorrection(14); // centred in its cell, not above the middle
                text.LabelFontColor = t > 0.5 ? Colors.White : Colors.Black;
            }
        }
        var ticks = labels.Select((l, i) => new Tick(i, l)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(labels.Select((l, i) => new Tick(n - 1 - i, l)).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 20 + 8 * labels.Select(l => l.Length).DefaultIfEmpty(4).Max();
        // Rotated CJK labels started on the frame line and the last one ran off the right edge: push them clear.
        plot.Axes.Bottom.TickLabelStyle.OffsetY = 6;
        plot.Axes.Right.MinimumSize = 70;
        plot.XLabel("预测 predicted");
        plot.YLabel("实际 true");
        plot.HideGrid();
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        return Png(plot, 820, 820);
    }

    /// <summary>The network: edges as lines (width by weight), nodes as circles (size by degree), names beside them.</summary>
    public static byte[] Network(string title, SignatoryNetwork network, IReadOnlyList<(double X, double Y)> layout)
    {
        var plot = NewPlot(title);
        var index = network.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var maxW = network.Edges.Select(e => e.Weight).DefaultIfEmpty(1).Max();
        foreach (var e in network.Edges)
        {
            var a = layout[index[e.Source]];
            var b = layout[index[e.Target]];
            var line = plot.Add.Line(a.X, a.Y, b.X, b.Y);
            line.LineWidth = (float)(1 + 5 * e.Weight / maxW);
            line.LineColor = Colors.Gray.WithAlpha(0.6);
        }
        var maxDegree = Math.Max(1, network.Nodes.Select(n => n.Degree).DefaultIfEmpty(0).Max());
        var levels = new[] { "province", "city", "county", "national" };
        var labels = LabelPlacement.Place(network, layout);
        for (var i = 0; i < network.Nodes.Count; i++)
        {
            var node = network.Nodes[i];
            var level = Array.IndexOf(levels, node.Level);
            var color = Palette[level < 0 ? 4 : level];
            plot.Add.Marker(layout[i].X, layout[i].Y, MarkerShape.FilledCircle, (float)(8 + 14 * Math.Sqrt((double)node.Degree / maxDegree)), color);
        }
        for (var i = 0; i < network.Nodes.Count; i++)
        {
            // A label pushed away from its node gets a thin leader line back to it.
            if (Math.Abs(labels[i].X - layout[i].X) > 0.25 || Math.Abs(labels[i].Y - layout[i].Y) > 0.12)
            {
                var leader = plot.Add.Line(layout[i].X, layout[i].Y, labels[i].X, labels[i].Y);
                leader.LineWidth = 0.6f;
                leader.LineColor = Colors.Black.WithAlpha(0.35);
            }
            var text = plot.Add.Text(network.Nodes[i].Label, labels[i].X, labels[i].Y);
            text.LabelFontName = ReportFont.Name;
            text.LabelFontSize = LabelPlacement.FontSize;
            text.LabelAlignment = Alignment.MiddleCenter;
            text.LabelBackgroundColor = Colors.White.WithAlpha(0.75);
        }
        for (var l = 0; l < levels.Length; l++)
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = levels[l] switch { "province" => "省级 province", "city" => "地级 city", "county" => "县级 county", _ => "中央 national" },
                FillColor = Palette[l],
                MarkerShape = MarkerShape.FilledCircle,
                MarkerColor = Palette[l],
            });
        }
        plot.ShowLegend(Edge.Right);
        plot.Axes.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(-LabelPlacement.XLimit, LabelPlacement.XLimit, -LabelPlacement.YLimit, LabelPlacement.YLimit);
        return Png(plot, 900, 750);
    }
}
