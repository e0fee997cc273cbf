namespace PolicyMiner.Classification;

/// <summary>Chance-corrected agreement coefficients for nominal codes.</summary>
public static class Agreement
{
    /// <summary>
    /// Cohen's κ (Cohen 1960) of two codings of the same items: (p_o − p_e) / (1 − p_e), with p_e from the two
    /// marginal distributions. Returns 1 when both codings agree perfectly on a single category (p_e = 1).
    /// </summary>
    public static double CohensKappa<T>(IReadOnlyList<T> a, IReadOnlyList<T> b) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException("the two codings must have the same length");
        }
        var n = a.Count;
        if (n == 0)
        {
            return double.NaN;
        }
        var countA = new Dictionary<T, int>();
        var countB = new Dictionary<T, int>();
        var agree = 0;
        for (var i = 0; i < n; i++)
        {
            if (EqualityComparer<T>.Default.Equals(a[i], b[i]))
            {
                agree++;
            }
            countA[a[i]] = countA.GetValueOrDefault(a[i]) + 1;
            countB[b[i]] = countB.GetValueOrDefault(b[i]) + 1;
        }
        var po = (double)agree / n;
        var pe = countA.Sum(kv => (double)kv.Value * countB.GetValueOrDefault(kv.Key)) / ((double)n * n);
        return pe >= 1.0 ? (po >= 1.0 ? 1.0 : 0.0) : (po - pe) / (1.0 - pe);
    }

    /// <summary>
    /// Krippendorff's α for nominal data, any number of coders, missing values allowed (null), computed from
    /// the coincidence matrix exactly as in Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011):
    /// o_ck = Σ_u (pairs c–k in unit u) / (m_u − 1) over units with m_u ≥ 2 values;
    /// α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k. Units coded by fewer than two coders are not pairable and are ignored.
    /// </summary>
    /// <param name="units">One entry per unit (document): the values given by each coder, null where a coder gave none.</param>
    public static double KrippendorffAlphaNominal<T>(IEnumerable<IReadOnlyList<T?>> units) where T : class
    {
        ArgumentNullException.ThrowIfNull(units);
        var coincidence = new Dictionary<(T, T), double>();
        foreach (var unit in units)
        {
            var values = unit.Where(v => v is not null).Select(v => v!).ToList();
            var m = values.Count;
            if (m < 2)
            {
                continue;
            }
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < m; j++)
                {
                    if (i == j)
                    {
                        continue;
                    }
                    var key = (values[i], values[j]);
                    coincidence[key] = coincidence.GetValueOrDefault(key) + 1.0 / (m - 1);
                }
            }
        }
        var nc = new Dictionary<T, double>();
        foreach (var ((c, _), o) in coincidence)
        {
            nc[c] = nc.GetValueOrDefault(c) + o;
        }
        var n = nc.Values.Sum();
        if (n <= 1)
        {
            return double.NaN;
        }
        var observed = coincidence.Where(kv => !EqualityComparer<T>.Default.Equals(kv.Key.Item1, kv.Key.Item2)).Sum(kv => kv.Value);
        var expected = 0.0;
        foreach (var (c, ncv) in nc)
        {
            foreach (var (k, nkv) in nc)
            {
                if (!EqualityComparer<T>.Default.Equals(c, k))
                {
                    expected += ncv * nkv;
                }
            }
        }
        return expected == 0 ? (observed == 0 ? 1.0 : double.NaN) : 1.0 - (n - 1) * observed / expected;
    }

    /// <summary>Krippendorff's α (nominal) for two complete codings of the same items.</summary>
    public static double KrippendorffAlphaNominal(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return KrippendorffAlphaNominal(a.Select((v, i) => (IReadOnlyList<string?>)[v, b[i]]));
    }
}
