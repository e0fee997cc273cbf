namespace PolicyMiner.Networks;

/// <summary>
/// A deterministic force-directed layout (Fruchterman &amp; Reingold 1991, "Graph drawing by force-directed
/// placement", with a weak pull to the centre so separate components stay in view). Starts from a circle in
/// node order and runs a fixed number of iterations: the same network always gets the same picture.
/// Above <see cref="MaxForceDirected"/> nodes it returns the circle (the O(n²) iterations would take too long).
/// </summary>
public static class NetworkLayout
{
    /// <summary>Largest network laid out with forces.</summary>
    public const int MaxForceDirected = 1500;

    /// <summary>Positions in [-1, 1]², one per node in <see cref="SignatoryNetwork.Nodes"/> order.</summary>
    public static IReadOnlyList<(double X, double Y)> Compute(SignatoryNetwork network, int iterations = 300)
    {
        ArgumentNullException.ThrowIfNull(network);
        var n = network.Nodes.Count;
        var x = new double[n];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = Math.Cos(2 * Math.PI * i / Math.Max(1, n));
            y[i] = Math.Sin(2 * Math.PI * i / Math.Max(1, n));
        }
        if (n <= 2 || n > MaxForceDirected)
        {
            return Enumerable.Range(0, n).Select(i => (x[i], y[i])).ToList();
        }
        var index = network.Nodes.Select((node, i) => (node.Id, i)).ToDictionary(t => t.Id, t => t.i, StringComparer.Ordinal);
        var edges = network.Edges.Select(e => (index[e.Source], index[e.Target])).ToArray();
        var k = Math.Sqrt(4.0 / n);
        var dx = new double[n];
        var dy = new double[n];
        for (var it = 0; it < iterations; it++)
        {
            var temperature = 0.2 * (1 - (double)it / iterations) + 0.002;
            Array.Clear(dx);
            Array.Clear(dy);
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var ex = x[i] - x[j];
                    var ey = y[i] - y[j];
                    var d2 = Math.Max(ex * ex + ey * ey, 1e-6);
                    var f = k * k / d2; // repulsion k²/d, divided by d for the unit vector
                    dx[i] += ex * f;
                    dy[i] += ey * f;
                    dx[j] -= ex * f;
                    dy[j] -= ey * f;
                }
            }
            foreach (var (a, b) in edges)
            {
                var ex = x[a] - x[b];
                var ey = y[a] - y[b];
                var d = Math.Max(Math.Sqrt(ex * ex + ey * ey), 1e-3);
                var f = d / k; // attraction d²/k, divided by d
                dx[a] -= ex * f;
                dy[a] -= ey * f;
                dx[b] += ex * f;
                dy[b] += ey * f;
            }
            for (var i = 0; i < n; i++)
            {
                dx[i] -= 0.05 * x[i] / k;
                dy[i] -= 0.05 * y[i] / k;
                var len = Math.Max(Math.Sqrt(dx[i] * dx[i] + dy[i] * dy[i]), 1e-9);
                var step = Math.Min(len, temperature);
                x[i] += dx[i] / len * step;
                y[i] += dy[i] / len * step;
            }
        }
        Scale(x, y);
        // Force-directed layouts pull a clique into a tight disc whose nodes hide one another and their ties:
        // push apart any two nodes closer than a minimum distance (overlap removal as in Dwyer, Marriott &
        // Stuckey 2006, "Fast node overlap removal", here by plain pairwise pushes), then scale again.
        var minimum = Math.Min(0.3, 1.8 / Math.Sqrt(n));
        for (var it = 0; it < 100; it++)
        {
            var moved = false;
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    var ex = x[i] - x[j];
                    var ey = y[i] - y[j];
                    var d = Math.Sqrt(ex * ex + ey * ey);
                    if (d >= minimum)
                    {
                        continue;
                    }
                    if (d < 1e-9)
                    {
                        (ex, ey, d) = (Math.Cos(i + j), Math.Sin(i + j), 1);
                    }
                    var push = (minimum - d) / 2 / d;
                    x[i] += ex * push;
                    y[i] += ey * push;
                    x[j] -= ex * push;
                    y[j] -= ey * push;
                    moved = true;
                }
            }
            if (!moved)
            {
                break;
            }
        }
        Scale(x, y);
        return Enumerable.Range(0, n).Select(i => (x[i], y[i])).ToList();
    }

    // Scale into [-1, 1]² around the centre of the bounding box.
    private static void Scale(double[] x, double[] y)
    {
        double cx = (x.Max() + x.Min()) / 2, cy = (y.Max() + y.Min()) / 2;
        var scale = Math.Max(1e-9, Enumerable.Range(0, x.Length).Max(i => Math.Max(Math.Abs(x[i] - cx), Math.Abs(y[i] - cy))));
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (x[i] - cx) / scale;
            y[i] = (y[i] - cy) / scale;
        }
    }
}
