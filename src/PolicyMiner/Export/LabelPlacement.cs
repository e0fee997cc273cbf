using PolicyMiner.Networks;

namespace PolicyMiner.Export;

/// <summary>
/// Places the node labels of the network chart so that they do not overprint one another or the nodes: for each
/// node (most connected first) the first of a ring of candidate positions around it whose label box is free, else the
/// least crowded one — the greedy point-feature labelling of Christensen, Marks &amp; Shieber (1995, ACM TOG 14:203),
/// without their annealing step. Boxes are estimated from the label length at <see cref="FontSize"/> on the
/// chart's fixed axis limits and image size.
/// </summary>
internal static class LabelPlacement
{
    /// <summary>Label font size in pixels.</summary>
    public const float FontSize = 12;

    /// <summary>Horizontal axis limit (the layout lies in [-1, 1]; the rest is room for labels).</summary>
    public const double XLimit = 1.3;

    /// <summary>Vertical axis limit.</summary>
    public const double YLimit = 1.2;

    // Data units per pixel of the 900 × 750 chart (plot area about 720 × 640 px once title and legend are drawn).
    private const double XPerPixel = 2 * XLimit / 720;
    private const double YPerPixel = 2 * YLimit / 640;

    /// <summary>Label centre for every node, in node order.</summary>
    public static IReadOnlyList<(double X, double Y)> Place(SignatoryNetwork network, IReadOnlyList<(double X, double Y)> layout)
    {
        var n = network.Nodes.Count;
        var result = new (double X, double Y)[n];
        var placed = new List<(double X0, double Y0, double X1, double Y1)>();
        // Nodes are obstacles too: a disc of about 10 px around each.
        foreach (var p in layout)
        {
            placed.Add((p.X - (10 * XPerPixel), p.Y - (10 * YPerPixel), p.X + (10 * XPerPixel), p.Y + (10 * YPerPixel)));
        }
        var order = Enumerable.Range(0, n).OrderByDescending(i => network.Nodes[i].Degree).ThenBy(i => i).ToList();
        foreach (var i in order)
        {
            var width = Width(network.Nodes[i].Label) * XPerPixel;
            var height = (FontSize + 4) * YPerPixel;
            var (x, y) = layout[i];
            (double X, double Y)? best = null;
            var bestOverlap = double.MaxValue;
            foreach (var (dx, dy) in Candidates(width, height))
            {
                var cx = Math.Clamp(x + dx, -XLimit + (width / 2), XLimit - (width / 2));
                var cy = Math.Clamp(y + dy, -YLimit + (height / 2), YLimit - (height / 2));
                var box = (cx - (width / 2), cy - (height / 2), cx + (width / 2), cy + (height / 2));
                var overlap = placed.Sum(b => Overlap(box, b));
                if (overlap < bestOverlap - 1e-12)
                {
                    best = (cx, cy);
                    bestOverlap = overlap;
                    if (overlap == 0)
                    {
                        break;
                    }
                }
            }
            result[i] = best!.Value;
            placed.Add((best.Value.X - (width / 2), best.Value.Y - (height / 2), best.Value.X + (width / 2), best.Value.Y + (height / 2)));
        }
        return result;
    }

    // Below, above, right, left, the four diagonals, then the same ring further out.
    private static IEnumerable<(double Dx, double Dy)> Candidates(double width, double height)
    {
        var gap = 12 * YPerPixel;
        foreach (var ring in new[] { 1.0, 2.0, 3.0 })
        {
            var v = gap + (height / 2) + ((ring - 1) * height);
            var h = (10 * XPerPixel) + (width / 2) + ((ring - 1) * width / 2);
            yield return (0, -v);
            yield return (0, v);
            yield return (h, 0);
            yield return (-h, 0);
            yield return (h, -v);
            yield return (-h, -v);
            yield return (h, v);
            yield return (-h, v);
        }
    }

    // Estimated label width in pixels: CJK characters are square, Latin letters and digits about half as wide.
    internal static double Width(string label) =>
        label.Sum(c => c > 0x2E80 ? FontSize : FontSize * 0.6) + 6;

    private static double Overlap((double X0, double Y0, double X1, double Y1) a, (double X0, double Y0, double X1, double Y1) b)
    {
        var w = Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0);
        var h = Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0);
        return w > 0 && h > 0 ? w * h : 0;
    }
}
