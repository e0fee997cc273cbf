using PolicyMiner.Export;

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

/// <summary>Which bodies are the nodes.</summary>
public enum NetworkLevel
{
    /// <summary>Governments (GB/T 2260 code as id; a department counts for its government, central organs for 中央 100000).</summary>
    Government,

    /// <summary>Every signing or issuing body (government, department, congress, court, party organ …).</summary>
    Party,
}

/// <summary>Which documents tie their parties.</summary>
public enum NetworkRelation
{
    /// <summary>Agreements (co-signing) and jointly issued documents (co-issuance) together.</summary>
    All,

    /// <summary>Only agreements: parties that signed the same agreement (roles signatory, 甲方, 乙方 …).</summary>
    CoSigning,

    /// <summary>Only jointly issued documents: bodies that issued the same document (role issuer).</summary>
    CoIssuance,
}

/// <summary>A node: a government (id = GB/T 2260 code) or, at party level, any signing or issuing body.</summary>
/// <param name="Id">Node id, the first column of nodes.csv and the value in the Source/Target columns of edges.csv:
/// the GB/T 2260 code for a government, <c>code/name</c> for another body, the name when its government is unknown.</param>
/// <param name="Label">Display label, unique in the network (the name, plus the code when two nodes share a name).</param>
/// <param name="Name">Name.</param>
/// <param name="Kind">government, department, congress, court, procuratorate, party_organ, sar_government or other.</param>
/// <param name="Code">GB/T 2260 code of its government (100000 = central), empty when unknown.</param>
/// <param name="Province">Province of its government (empty for central bodies).</param>
/// <param name="Level">national, province, city or county.</param>
/// <param name="Agreements">Documents it signed or issued (among those exported).</param>
/// <param name="Degree">Number of distinct partners.</param>
/// <param name="Strength">Sum of its edge weights.</param>
public sealed record NetworkNode(
    string Id, string Label, string Name, string Kind, string Code, string Province, string Level, int Agreements, int Degree, double Strength);

/// <summary>A member of one document's party list, as the network sees it.</summary>
internal sealed record NetworkMember(string Id, string Name, string Kind, string Code, string Province, string Level);

/// <summary>One tie from one document (source id &lt; target id, ordinal).</summary>
/// <param name="DocId">The document.</param>
/// <param name="Year">Its year, if known.</param>
/// <param name="Source">Source node id.</param>
/// <param name="Target">Target node id.</param>
/// <param name="Weight">Weight of this tie (1 or 1/(n−1)).</param>
/// <param name="Signatories">Number of distinct nodes the document ties.</param>
/// <param name="Relation">co-signing (an agreement) or co-issuance (a jointly issued document).</param>
public sealed record AgreementTie(string DocId, int? Year, string Source, string Target, double Weight, int Signatories, string Relation = "co-signing");

/// <summary>An aggregated tie, optionally within a group (a year or a field).</summary>
/// <param name="Group">The year or field; null for the whole network.</param>
/// <param name="Source">Source node id.</param>
/// <param name="Target">Target node id.</param>
/// <param name="Weight">Summed weight.</param>
/// <param name="Agreements">Number of agreements behind the tie.</param>
public sealed record NetworkEdge(string? Group, string Source, string Target, double Weight, int Agreements);

/// <summary>
/// The co-operation network: nodes are governments (or, at party level, every signing or issuing body); a document
/// ties every pair of its parties (a multilateral agreement or a document issued by five ministries becomes a
/// clique). Agreements give co-signing ties, jointly issued documents co-issuance ties (<see cref="NetworkRelation"/>).
/// Undirected; every list is sorted (nodes by id, ties by document id then ids), so the same input gives the same files.
/// </summary>
public sealed class SignatoryNetwork
{
    private SignatoryNetwork(
        EdgeWeighting weighting,
        NetworkLevel level,
        NetworkRelation relation,
        IReadOnlyList<NetworkNode> nodes,
        IReadOnlyList<NetworkEdge> edges,
        IReadOnlyList<AgreementRecord> byDocId,
        int[] chosen,
        NetworkDocuments perDocument,
        int ties,
        int documents,
        int withOneParty)
    {
        Weighting = weighting;
        Level = level;
        Relation = relation;
        Nodes = nodes;
        Edges = edges;
        Agreements = new ChosenList(byDocId, chosen);
        PerDocument = perDocument;
        Ties = new TieList(this, ties);
        Documents = documents;
        DocumentsWithOneParty = withOneParty;
    }

    /// <summary>The weighting used.</summary>
    public EdgeWeighting Weighting { get; }

    /// <summary>Governments or parties as nodes.</summary>
    public NetworkLevel Level { get; }

    /// <summary>Which documents were used.</summary>
    public NetworkRelation Relation { get; }

    /// <summary>Nodes, sorted by id.</summary>
    public IReadOnlyList<NetworkNode> Nodes { get; }

    /// <summary>One row per pair per document, in document order (computed from the documents when read).</summary>
    public IReadOnlyList<AgreementTie> Ties { get; }

    /// <summary>Aggregated ties over all documents.</summary>
    public IReadOnlyList<NetworkEdge> Edges { get; }

    /// <summary>Documents of the chosen relation with at least one party, sorted by id (the rows of the two-mode matrix).</summary>
    public IReadOnlyList<AgreementRecord> Agreements { get; }

    /// <summary>Documents looked at (of the chosen relation or not).</summary>
    public int Documents { get; }

    /// <summary>Documents of the chosen relation that name exactly one node (they make isolates, no ties).</summary>
    public int DocumentsWithOneParty { get; }

    /// <summary>The node ids of one document (a row of the two-mode matrix), sorted.</summary>
    public IReadOnlyList<string> MembersOf(string docId) =>
        PerDocument.FirstOrDefault(d => string.Equals(d.DocId, docId, StringComparison.Ordinal))?.Members ?? [];

    /// <summary>What the files need of each of <see cref="Agreements"/> (same order), kept from the one pass that built the network.</summary>
    internal IEnumerable<NetworkDocument> PerDocument { get; }

    /// <summary>
    /// Why the network has no ties, in words for the report and the command line (null when it has ties):
    /// no document names two or more parties, and where parties are looked for.
    /// </summary>
    public string? EmptyExplanation()
    {
        if (Edges.Count > 0)
        {
            return null;
        }
        var what = Relation switch
        {
            NetworkRelation.CoSigning => "no agreement names two or more parties",
            NetworkRelation.CoIssuance => "no jointly issued document names two or more issuers",
            _ => "no document names two or more parties",
        };
        var level = Level == NetworkLevel.Government ? " of different governments" : "";
        return $"The network has no ties: {what}{level} ({Documents} documents, {Agreements.Count} with parties, " +
            $"{DocumentsWithOneParty} with a single one). Parties are looked for in the title (before 关于, or the whole title of an agreement), " +
            "the preamble (A与B…经协商…达成), 甲方/乙方 lines, signing clauses (…签署), the signature/落款 block at the end and the issuer of the document number.";
    }

    /// <summary>Builds the government-level network of every document (see <see cref="Build(IEnumerable{AgreementRecord}, EdgeWeighting, NetworkLevel, NetworkRelation)"/>).</summary>
    public static SignatoryNetwork Build(IEnumerable<AgreementRecord> agreements, EdgeWeighting weighting) =>
        Build(agreements, weighting, NetworkLevel.Government, NetworkRelation.All);

    /// <summary>
    /// Builds the network. A document is an agreement (co-signing) when a party's role is signatory or a party
    /// label (甲方 …), a jointly issued document (co-issuance) when its parties are issuers. Documents extracted
    /// before parties existed use their signatory governments as signatories.
    /// </summary>
    public static SignatoryNetwork Build(IEnumerable<AgreementRecord> agreements, EdgeWeighting weighting, NetworkLevel level, NetworkRelation relation)
    {
        ArgumentNullException.ThrowIfNull(agreements);
        return BuildSorted(agreements.OrderBy(a => a.DocId, StringComparer.Ordinal).ToList(), weighting, level, relation);
    }

    /// <summary>
    /// As <see cref="Build(IEnumerable{AgreementRecord}, EdgeWeighting, NetworkLevel, NetworkRelation)"/> from documents
    /// already in doc_id order, read once here (issue 15, memory in corpus size): what is kept is bounded by the network
    /// (nodes, summed edges) plus the positions of the documents that have parties; <see cref="Ties"/>,
    /// <see cref="Agreements"/> and the grouped edge lists read the documents again when asked.
    /// </summary>
    internal static SignatoryNetwork BuildSorted(IReadOnlyList<AgreementRecord> byDocId, EdgeWeighting weighting, NetworkLevel level, NetworkRelation relation, string? spoolFile = null) =>
        BuildSorted(byDocId, weighting, relation, [(level, spoolFile)])[0];

    /// <summary>Several levels' networks from one pass over the documents (export builds both, governments and parties).</summary>
    internal static IReadOnlyList<SignatoryNetwork> BuildSorted(
        IReadOnlyList<AgreementRecord> byDocId, EdgeWeighting weighting, NetworkRelation relation, IReadOnlyList<(NetworkLevel Level, string? SpoolFile)> levels)
    {
        ArgumentNullException.ThrowIfNull(byDocId);
        ArgumentNullException.ThrowIfNull(levels);
        var builders = levels.Select(l => new Builder(weighting, l.Level, relation, l.SpoolFile)).ToList();
        try
        {
            foreach (var a in byDocId)
            {
                foreach (var b in builders)
                {
                    b.Add(a);
                }
            }
        }
        catch
        {
            builders.ForEach(b => b.PerDocument.Dispose());
            throw;
        }
        return builders.Select(b => b.Finish(byDocId)).ToList();
    }

    /// <summary>One level's network, summed document by document in doc_id order.</summary>
    private sealed class Builder(EdgeWeighting weighting, NetworkLevel level, NetworkRelation relation, string? spoolFile)
    {
        private readonly List<int> chosen = [];
        private readonly SortedDictionary<string, NetworkMember> info = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> signed = new(StringComparer.Ordinal);
        private readonly EdgeSums sums = new();
        private int ties;
        private int documents;
        private int withOne;

        public NetworkDocuments PerDocument { get; } = new(spoolFile);

        public void Add(AgreementRecord a)
        {
            var position = documents++;
            var rel = RelationOf(a);
            if ((relation == NetworkRelation.CoSigning && rel != "co-signing") || (relation == NetworkRelation.CoIssuance && rel != "co-issuance"))
            {
                return;
            }
            var m = MembersOf(a, level);
            if (m.Count == 0)
            {
                return;
            }
            chosen.Add(position);
            var ids = m.Select(x => x.Id).ToArray();
            PerDocument.Add(new NetworkDocument(a.DocId, a.Year, rel, ids, a.Labels));
            withOne += m.Count == 1 ? 1 : 0;
            foreach (var s in m)
            {
                info.TryAdd(s.Id, s);
                signed[s.Id] = signed.GetValueOrDefault(s.Id) + 1;
            }
            foreach (var t in TiesOf(a.DocId, a.Year, ids, weighting, rel))
            {
                sums.Add(null, t);
                ties++;
            }
        }

        public SignatoryNetwork Finish(IReadOnlyList<AgreementRecord> byDocId)
        {
            PerDocument.Complete();
            var edges = sums.ToList();
            var degree = new Dictionary<string, int>(StringComparer.Ordinal);
            var strength = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var e in edges)
            {
                foreach (var id in new[] { e.Source, e.Target })
                {
                    degree[id] = degree.GetValueOrDefault(id) + 1;
                    strength[id] = strength.GetValueOrDefault(id) + e.Weight;
                }
            }
            // Labels must be unique: Pajek and networkx key vertices by label, so two 鼓楼区 would merge into one.
            var repeated = info.Values.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
            var nodes = info.Values
                .Select(s => new NetworkNode(s.Id, repeated.Contains(s.Name) ? $"{s.Name} ({(s.Code.Length > 0 ? s.Code : s.Id)})" : s.Name,
                    s.Name, s.Kind, s.Code, s.Province, s.Level, signed[s.Id], degree.GetValueOrDefault(s.Id), strength.GetValueOrDefault(s.Id)))
                .ToList();
            return new SignatoryNetwork(weighting, level, relation, nodes, edges, byDocId, chosen.ToArray(), PerDocument, ties, documents, withOne);
        }
    }

    /// <summary>Aggregated ties per year (documents without a year are left out).</summary>
    public IReadOnlyList<NetworkEdge> EdgesByYear()
    {
        var sums = new EdgeSums();
        foreach (var t in Ties)
        {
            if (t.Year is { } y)
            {
                sums.Add(y.ToString(System.Globalization.CultureInfo.InvariantCulture), t);
            }
        }
        return sums.ToList();
    }

    /// <summary>
    /// Aggregated ties per label of <paramref name="task"/> (a document coded with several fields counts in
    /// each). Documents without a label for the task are left out.
    /// </summary>
    public IReadOnlyList<NetworkEdge> EdgesByLabel(string task)
    {
        var sums = new EdgeSums();
        foreach (var a in PerDocument)
        {
            var labels = a.Labels.TryGetValue(task, out var l) ? l : [];
            foreach (var t in TiesOf(a))
            {
                foreach (var label in labels)
                {
                    sums.Add(label, t);
                }
            }
        }
        return sums.ToList();
    }

    // The ties of one of the documents.
    private IEnumerable<AgreementTie> TiesOf(NetworkDocument d) => TiesOf(d.DocId, d.Year, d.Members, Weighting, d.Relation);

    /// <summary>co-signing when a party signed (role signatory or a party label such as 甲方), co-issuance when all parties are issuers.</summary>
    public static string RelationOf(AgreementRecord a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Parties.Count == 0 || a.Parties.Any(p => p.Role != "issuer"))
        {
            return "co-signing";
        }
        return "co-issuance";
    }

    private static List<NetworkMember> MembersOf(AgreementRecord a, NetworkLevel level)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<NetworkMember> members;
        if (a.Parties.Count == 0)
        {
            members = a.Signatories
                .Where(s => !string.IsNullOrWhiteSpace(s.Code))
                .Select(s => new NetworkMember(s.Code, s.Name, "government", s.Code, s.Province, s.Level));
        }
        else if (level == NetworkLevel.Government)
        {
            members = a.Parties
                .Where(p => p.GovernmentCode is not null)
                .Select(p => new NetworkMember(p.GovernmentCode!, p.Government ?? p.GovernmentCode!, "government", p.GovernmentCode!, p.Province ?? "", p.Level ?? ""));
        }
        else
        {
            members = a.Parties.Select(p => new NetworkMember(p.Key, p.Name, p.Kind, p.GovernmentCode ?? "", p.Province ?? "", p.Level ?? ""));
        }
        return members.Where(m => seen.Add(m.Id)).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<AgreementTie> TiesOf(string docId, int? year, IReadOnlyList<string> members, EdgeWeighting weighting, string relation)
    {
        var n = members.Count;
        if (n < 2)
        {
            yield break;
        }
        var w = weighting == EdgeWeighting.Count ? 1.0 : 1.0 / (n - 1);
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                yield return new AgreementTie(docId, year, members[i], members[j], w, n, relation);
            }
        }
    }
    /// <summary>Summed weights and counts per (group, source, target), in ordinal order; ties added in document order, so the sums are those of one pass over <see cref="Ties"/>.</summary>
    private sealed class EdgeSums
    {
        private readonly SortedDictionary<(string Group, string Source, string Target), (double Weight, int Count, bool HasGroup)> sums = new(
            Comparer<(string, string, string)>.Create((x, y) =>
            {
                var c = string.CompareOrdinal(x.Item1, y.Item1);
                if (c == 0)
                {
                    c = string.CompareOrdinal(x.Item2, y.Item2);
                }
                return c != 0 ? c : string.CompareOrdinal(x.Item3, y.Item3);
            }));

        public void Add(string? group, AgreementTie t)
        {
            var key = (group ?? "", t.Source, t.Target);
            var cur = sums.GetValueOrDefault(key);
            sums[key] = (cur.Weight + t.Weight, cur.Count + 1, group is not null);
        }

        public List<NetworkEdge> ToList() =>
            sums.Select(kv => new NetworkEdge(kv.Value.HasGroup ? kv.Key.Group : null, kv.Key.Source, kv.Key.Target, kv.Value.Weight, kv.Value.Count)).ToList();
    }

    /// <summary>The documents with parties, by position in the doc_id-ordered list; read when enumerated.</summary>
    private sealed class ChosenList(IReadOnlyList<AgreementRecord> byDocId, int[] chosen) : IReadOnlyList<AgreementRecord>
    {
        public int Count => chosen.Length;

        public AgreementRecord this[int index] => byDocId[chosen[index]];

        public IEnumerator<AgreementRecord> GetEnumerator()
        {
            if (byDocId is List<AgreementRecord> or AgreementRecord[])
            {
                foreach (var i in chosen)
                {
                    yield return byDocId[i];
                }
                yield break;
            }
            // A list computed on reading: one pass in order, taking the chosen ones.
            var next = 0;
            var position = 0;
            foreach (var a in byDocId)
            {
                if (next < chosen.Length && chosen[next] == position)
                {
                    next++;
                    yield return a;
                }
                position++;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The ties of the chosen documents, computed when enumerated.</summary>
    private sealed class TieList(SignatoryNetwork network, int count) : IReadOnlyList<AgreementTie>
    {
        public int Count => count;

        public AgreementTie this[int index] => this.ElementAt(index);

        public IEnumerator<AgreementTie> GetEnumerator()
        {
            foreach (var a in network.PerDocument)
            {
                foreach (var t in network.TiesOf(a))
                {
                    yield return t;
                }
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
