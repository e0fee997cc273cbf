using PolicyMiner.Export;
using PolicyMiner.Extraction;

namespace PolicyMiner.Networks;

/// <summary>How one agreement's ties are weighted.</summary>
public enum EdgeWeighting
{
    /// <summary>Every pair of co-signatories gets weight 1 per agreement (edge weight = number of joint agreements).</summary>
    Count,

    /// <summary>
    /// Every pair gets 1/(n−1) per agreement with n signatories, so each signatory's ties from one agreement sum
    /// to 1 and a 20-party declaration does not outweigh twenty bilateral agreements (Newman 2001's
    /// co-authorship weighting, PNAS 98:404).
    /// </summary>
    Fractional,
}

/// <summary>A government in the network (GB/T 2260 code as its id).</summary>
/// <param name="Code">GB/T 2260 code.</param>
/// <param name="Name">Official name.</param>
/// <param name="Province">Province it belongs to.</param>
/// <param name="Level">province, city or county.</param>
/// <param name="Agreements">Agreements it signed (among those exported).</param>
/// <param name="Degree">Number of distinct partners.</param>
/// <param name="Strength">Sum of its edge weights.</param>
public sealed record NetworkNode(string Code, string Name, string Province, string Level, int Agreements, int Degree, double Strength);

/// <summary>One tie from one agreement (source code &lt; target code, ordinal).</summary>
/// <param name="DocId">The agreement.</param>
/// <param name="Year">Its year, if known.</param>
/// <param name="Source">Source node code.</param>
/// <param name="Target">Target node code.</param>
/// <param name="Weight">Weight of this tie (1 or 1/(n−1)).</param>
/// <param name="Signatories">Number of distinct signatories of the agreement.</param>
public sealed record AgreementTie(string DocId, int? Year, string Source, string Target, double Weight, int Signatories);

/// <summary>An aggregated tie, optionally within a group (a year or a field).</summary>
/// <param name="Group">The year or field; null for the whole network.</param>
/// <param name="Source">Source node code.</param>
/// <param name="Target">Target node code.</param>
/// <param name="Weight">Summed weight.</param>
/// <param name="Agreements">Number of agreements behind the tie.</param>
public sealed record NetworkEdge(string? Group, string Source, string Target, double Weight, int Agreements);

/// <summary>
/// The signatory co-operation network: governments are nodes, agreements tie every pair of their signatories
/// (a multilateral agreement becomes a clique). Undirected; every list is sorted (nodes by code, ties by
/// agreement id then codes), so the same input gives the same files.
/// </summary>
public sealed class SignatoryNetwork
{
    private SignatoryNetwork(
        EdgeWeighting weighting,
        IReadOnlyList<NetworkNode> nodes,
        IReadOnlyList<AgreementTie> ties,
        IReadOnlyList<NetworkEdge> edges,
        IReadOnlyList<AgreementRecord> agreements)
    {
        Weighting = weighting;
        Nodes = nodes;
        Ties = ties;
        Edges = edges;
        Agreements = agreements;
    }

    /// <summary>The weighting used.</summary>
    public EdgeWeighting Weighting { get; }

    /// <summary>Governments, sorted by code.</summary>
    public IReadOnlyList<NetworkNode> Nodes { get; }

    /// <summary>One row per pair per agreement.</summary>
    public IReadOnlyList<AgreementTie> Ties { get; }

    /// <summary>Aggregated ties over all agreements.</summary>
    public IReadOnlyList<NetworkEdge> Edges { get; }

    /// <summary>Agreements with at least one signatory, sorted by id (the rows of the two-mode matrix).</summary>
    public IReadOnlyList<AgreementRecord> Agreements { get; }

    /// <summary>Builds the network from the agreements' signatories (documents without signatories are skipped).</summary>
    public static SignatoryNetwork Build(IEnumerable<AgreementRecord> agreements, EdgeWeighting weighting)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        var withSignatories = agreements
            .Where(a => a.Signatories.Count > 0)
            .OrderBy(a => a.DocId, StringComparer.Ordinal)
            .ToList();
        var info = new SortedDictionary<string, Signatory>(StringComparer.Ordinal);
        var signed = new Dictionary<string, int>(StringComparer.Ordinal);
        var ties = new List<AgreementTie>();
        foreach (var a in withSignatories)
        {
            var codes = DistinctSignatories(a);
            foreach (var s in codes)
            {
                info.TryAdd(s.Code, s);
                signed[s.Code] = signed.GetValueOrDefault(s.Code) + 1;
            }
            ties.AddRange(TiesOf(a, codes, weighting));
        }
        var edges = Aggregate(ties, _ => [null]);
        var degree = new Dictionary<string, int>(StringComparer.Ordinal);
        var strength = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in edges)
        {
            foreach (var code in new[] { e.Source, e.Target })
            {
                degree[code] = degree.GetValueOrDefault(code) + 1;
                strength[code] = strength.GetValueOrDefault(code) + e.Weight;
            }
        }
        var nodes = info.Values
            .Select(s => new NetworkNode(s.Code, s.Name, s.Province, s.Level, signed[s.Code],
                degree.GetValueOrDefault(s.Code), strength.GetValueOrDefault(s.Code)))
            .ToList();
        return new SignatoryNetwork(weighting, nodes, ties, edges, withSignatories);
    }

    /// <summary>Aggregated ties per year (agreements without a year are left out).</summary>
    public IReadOnlyList<NetworkEdge> EdgesByYear() =>
        Aggregate(Ties, t => t.Year is { } y ? [y.ToString(System.Globalization.CultureInfo.InvariantCulture)] : []);

    /// <summary>
    /// Aggregated ties per label of <paramref name="task"/> (an agreement coded with several fields counts in
    /// each). Agreements without a label for the task are left out.
    /// </summary>
    public IReadOnlyList<NetworkEdge> EdgesByLabel(string task)
    {
        var labels = Agreements.ToDictionary(a => a.DocId, a => a.Labels.TryGetValue(task, out var l) ? l : [], StringComparer.Ordinal);
        return Aggregate(Ties, t => labels[t.DocId].Select(l => (string?)l));
    }

    private static List<Signatory> DistinctSignatories(AgreementRecord a)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return a.Signatories
            .Where(s => !string.IsNullOrWhiteSpace(s.Code) && seen.Add(s.Code))
            .OrderBy(s => s.Code, StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<AgreementTie> TiesOf(AgreementRecord a, List<Signatory> codes, EdgeWeighting weighting)
    {
        var n = codes.Count;
        if (n < 2)
        {
            yield break;
        }
        var w = weighting == EdgeWeighting.Count ? 1.0 : 1.0 / (n - 1);
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                yield return new AgreementTie(a.DocId, a.Year, codes[i].Code, codes[j].Code, w, n);
            }
        }
    }

    private static List<NetworkEdge> Aggregate(IEnumerable<AgreementTie> ties, Func<AgreementTie, IEnumerable<string?>> groups)
    {
        var sums = new SortedDictionary<(string Group, string Source, string Target), (double Weight, int Count, bool HasGroup)>(
            Comparer<(string, string, string)>.Create((x, y) =>
            {
                var c = string.CompareOrdinal(x.Item1, y.Item1);
                if (c == 0)
                {
                    c = string.CompareOrdinal(x.Item2, y.Item2);
                }
                return c != 0 ? c : string.CompareOrdinal(x.Item3, y.Item3);
            }));
        foreach (var t in ties)
        {
            foreach (var g in groups(t))
            {
                var key = (g ?? "", t.Source, t.Target);
                var cur = sums.GetValueOrDefault(key);
                sums[key] = (cur.Weight + t.Weight, cur.Count + 1, g is not null);
            }
        }
        return sums.Select(kv => new NetworkEdge(kv.Value.HasGroup ? kv.Key.Group : null, kv.Key.Source, kv.Key.Target, kv.Value.Weight, kv.Value.Count)).ToList();
    }
}
