using System.Globalization;
using System.Xml;
using PolicyMiner.Export;
using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Metadata;
using PolicyMiner.Networks;
using PolicyMiner.Tests.Export;

namespace PolicyMiner.Tests.Networks;

/// <summary>
/// The network files are read here with the rules of the tools the docs name, re-implemented independently of
/// the writer: R's <c>read.csv</c> + <c>igraph::graph_from_data_frame(edges, vertices = nodes)</c>, Gephi's
/// spreadsheet import (Id/Label, Source/Target/Weight/Type), Gephi's GraphML label key and networkx's Pajek reader
/// (vertices keyed by label). The networks are built from real GB/T 2260 divisions, including two different 鼓楼区
/// (Nanjing and Fuzhou), and from central organs of the party gazetteer; the documents are constructed.
/// </summary>
public class NetworkFileRulesTests
{
    private static Party Gov(Division d, string role = "signatory") =>
        new(d.Name, role, "government", d.Code, d.Name, d.Level, d.Province);

    private static Party Dept(string name, Division d, string role) =>
        new(name, role, "department", d.Code, d.Name, d.Level, d.Province);

    private static Party Central(string name) => new(name, "issuer", "department", Party.CentralCode, "中央", "national", null);

    private static AgreementRecord Doc(string id, int year, params Party[] parties) =>
        new(id, id + ".txt", null, year, [], parties, null, new Dictionary<string, IReadOnlyList<string>>(), false, false, null, 0);

    internal static List<AgreementRecord> Documents()
    {
        var g = Gazetteer.Default;
        var gulou = g.Lookup("鼓楼区").Where(d => d.ParentCode is "320100" or "350100").OrderBy(d => d.Code, StringComparer.Ordinal).ToList();
        Assert.Equal(2, gulou.Count);
        var nanjing = g.ByCode("320100")!;
        var fuzhou = g.ByCode("350100")!;
        var sichuan = g.ByCode("510000")!;
        var chongqing = g.ByCode("500000")!;
        return
        [
            Doc("a1", 2020, Gov(gulou[0], "甲方"), Gov(gulou[1], "乙方")),
            Doc("a2", 2021, Gov(nanjing), Gov(fuzhou), Gov(gulou[0])),
            Doc("a3", 2021, Dept("四川省发展和改革委员会", sichuan, "signatory"), Dept("重庆市发展和改革委员会", chongqing, "signatory")),
            Doc("p1", 2022, Central("国家发展和改革委员会"), Central("财政部"), Central("自然资源部")),
            Doc("p2", 2022, Central("工业和信息化部")),
        ];
    }

    public static TheoryData<NetworkLevel> Levels => new() { NetworkLevel.Government, NetworkLevel.Party };

    private static string Write(NetworkLevel level)
    {
        var dir = ExportFixture.TempDir();
        NetworkFiles.WriteAll(dir, SignatoryNetwork.Build(Documents(), EdgeWeighting.Count, level, NetworkRelation.All), byYear: true, byLabelTask: null);
        return dir;
    }

    private static List<List<string>> ReadCsv(string path)
    {
        var text = File.ReadAllText(path); // strips the BOM, as fileEncoding = "UTF-8-BOM" does
        return DatasetTests.ParseCsv(text);
    }

    // R's read.csv runs type.convert on every column: a column whose every non-empty cell is a number becomes
    // numeric, and graph_from_data_frame compares as.character() of it, so 100000 stays "100000" but 010000
    // would become "10000". Returns the column as graph_from_data_frame sees it.
    private static List<string> AsRNames(IEnumerable<string> column)
    {
        var cells = column.ToList();
        var numeric = cells.All(c => c.Length == 0 || double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numeric
            ? cells.Select(c => c.Length == 0 ? "NA" : double.Parse(c, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)).ToList()
            : cells.Select(c => c.Length == 0 ? "NA" : c).ToList();
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void R_graph_from_data_frame_finds_every_edge_endpoint_among_the_vertices(NetworkLevel level)
    {
        var dir = Write(level);
        var nodes = ReadCsv(Path.Combine(dir, "nodes.csv"));
        var vertexNames = AsRNames(nodes.Skip(1).Select(r => r[0]));
        Assert.Equal(vertexNames.Count, vertexNames.Distinct(StringComparer.Ordinal).Count()); // "Duplicate vertex names"
        foreach (var file in new[] { "edges.csv", "edges_by_year.csv", "edges_by_agreement.csv" })
        {
            var edges = ReadCsv(Path.Combine(dir, file));
            Assert.True(edges.Count > 1, file + " has no edges");
            var from = AsRNames(edges.Skip(1).Select(r => r[0]));
            var to = AsRNames(edges.Skip(1).Select(r => r[1]));
            var missing = from.Concat(to).Where(n => !vertexNames.Contains(n)).ToList();
            Assert.True(missing.Count == 0, $"{file}: Some vertex names in edge list are not listed in vertex data frame: {string.Join(", ", missing)}");
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Gephi_spreadsheet_import_makes_no_extra_nodes(NetworkLevel level)
    {
        var dir = Write(level);
        var nodes = ReadCsv(Path.Combine(dir, "nodes.csv"));
        Assert.Equal(["Id", "Label"], nodes[0].Take(2));
        var ids = nodes.Skip(1).Select(r => r[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(nodes.Count - 1, ids.Count);
        var edges = ReadCsv(Path.Combine(dir, "edges.csv"));
        var header = edges[0];
        int Col(string name) => header.IndexOf(name);
        Assert.Equal(0, Col("Source"));
        Assert.Equal(1, Col("Target"));
        Assert.True(Col("Weight") > 1 && Col("Type") > 1);
        foreach (var row in edges.Skip(1))
        {
            // Gephi creates a new node for an edge end that is not an Id of the node table.
            Assert.Contains(row[0], ids);
            Assert.Contains(row[1], ids);
            Assert.Equal("Undirected", row[Col("Type")]);
            Assert.True(double.TryParse(row[Col("Weight")], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w > 0);
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void GraphML_has_a_label_key_and_Pajek_labels_are_unique(NetworkLevel level)
    {
        var dir = Write(level);
        var net = SignatoryNetwork.Build(Documents(), EdgeWeighting.Count, level, NetworkRelation.All);
        var doc = new XmlDocument();
        doc.Load(Path.Combine(dir, "network.graphml"));
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("g", NetworkFiles.GraphMLNamespace);
        var key = doc.SelectSingleNode("//g:key[@for='node' and @attr.name='label']", ns) as XmlElement;
        Assert.NotNull(key);
        var labels = doc.SelectNodes($"//g:node/g:data[@key='{key.GetAttribute("id")}']", ns)!.Cast<XmlNode>().Select(n => n.InnerText).ToList();
        Assert.Equal(net.Nodes.Count, labels.Count);
        Assert.Equal(labels.Count, labels.Distinct(StringComparer.Ordinal).Count());
        var nodeIds = doc.SelectNodes("//g:node/@id", ns)!.Cast<XmlNode>().Select(n => n.Value!).ToHashSet(StringComparer.Ordinal);
        Assert.All(doc.SelectNodes("//g:edge", ns)!.Cast<XmlElement>(), e =>
        {
            Assert.Contains(e.GetAttribute("source"), nodeIds);
            Assert.Contains(e.GetAttribute("target"), nodeIds);
        });

        // networkx.read_pajek keys vertices by their label: repeated labels would merge nodes.
        var lines = File.ReadAllLines(Path.Combine(dir, "network.net"));
        var vertices = lines.Skip(1).TakeWhile(l => !l.StartsWith('*')).Select(l => l[(l.IndexOf('"', StringComparison.Ordinal) + 1)..l.LastIndexOf('"')]).ToList();
        Assert.Equal(net.Nodes.Count, vertices.Count);
        Assert.Equal(vertices.Count, vertices.Distinct(StringComparer.Ordinal).Count());
        if (level == NetworkLevel.Government)
        {
            Assert.Contains("鼓楼区 (320106)", vertices);
            Assert.Contains("鼓楼区 (350102)", vertices);
        }
    }

    [Fact]
    public void Party_level_keeps_departments_apart_and_government_level_aggregates_them()
    {
        var docs = Documents();
        var parties = SignatoryNetwork.Build(docs, EdgeWeighting.Count, NetworkLevel.Party, NetworkRelation.All);
        var governments = SignatoryNetwork.Build(docs, EdgeWeighting.Count, NetworkLevel.Government, NetworkRelation.All);
        Assert.Contains(parties.Nodes, n => n.Id == "100000/财政部" && n.Kind == "department");
        Assert.Contains(parties.Edges, e => e.Source == "100000/国家发展和改革委员会" && e.Target == "100000/财政部");
        // Three ministries are one government: no government-level tie from p1.
        Assert.DoesNotContain(governments.Ties, t => t.DocId == "p1");
        Assert.Contains(governments.Edges, e => e.Source == "500000" && e.Target == "510000");
        Assert.Contains(governments.Nodes, n => n.Id == "100000" && n.Level == "national");
    }

    [Fact]
    public void Co_signing_and_co_issuance_networks_take_their_own_documents()
    {
        var docs = Documents();
        var signing = SignatoryNetwork.Build(docs, EdgeWeighting.Count, NetworkLevel.Party, NetworkRelation.CoSigning);
        var issuing = SignatoryNetwork.Build(docs, EdgeWeighting.Count, NetworkLevel.Party, NetworkRelation.CoIssuance);
        Assert.Equal(["a1", "a2", "a3"], signing.Agreements.Select(a => a.DocId));
        Assert.Equal(["p1", "p2"], issuing.Agreements.Select(a => a.DocId));
        Assert.All(issuing.Ties, t => Assert.Equal("co-issuance", t.Relation));
        Assert.Equal(1, issuing.DocumentsWithOneParty);
        Assert.Null(issuing.EmptyExplanation());
    }

    [Fact]
    public void An_empty_network_says_why()
    {
        var docs = Documents().Where(d => d.DocId == "p2").ToList();
        var net = SignatoryNetwork.Build(docs, EdgeWeighting.Count, NetworkLevel.Party, NetworkRelation.All);
        var why = net.EmptyExplanation();
        Assert.NotNull(why);
        Assert.Contains("no document names two or more parties", why, StringComparison.Ordinal);
        Assert.Contains("1 with a single one", why, StringComparison.Ordinal);
        Assert.Contains("落款", why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clique_is_spread_out_and_its_labels_do_not_overprint()
    {
        // Thirteen ministries that issued one document together (as digital-central-087): a 13-clique.
        string[] names = ["住房和城乡建设部", "国家发展和改革委员会", "科学技术部", "工业和信息化部", "人力资源和社会保障部", "生态环境部", "交通运输部",
            "水利部", "国家税务总局", "国家市场监督管理总局", "国家金融监督管理总局", "国家铁路局", "中国民用航空局"];
        var net = SignatoryNetwork.Build([Doc("p", 2020, [.. names.Select(Central)])], EdgeWeighting.Count, NetworkLevel.Party, NetworkRelation.All);
        var layout = NetworkLayout.Compute(net);
        for (var i = 0; i < layout.Count; i++)
        {
            for (var j = i + 1; j < layout.Count; j++)
            {
                Assert.True(Math.Sqrt(Math.Pow(layout[i].X - layout[j].X, 2) + Math.Pow(layout[i].Y - layout[j].Y, 2)) >= 0.2, $"nodes {i} and {j} overlap");
            }
        }
        var labels = PolicyMiner.Export.LabelPlacement.Place(net, layout);
        var boxes = net.Nodes.Select((n, i) =>
        {
            var w = PolicyMiner.Export.LabelPlacement.Width(n.Label) * 2 * PolicyMiner.Export.LabelPlacement.XLimit / 720 / 2;
            var h = (PolicyMiner.Export.LabelPlacement.FontSize + 4) * 2 * PolicyMiner.Export.LabelPlacement.YLimit / 640 / 2;
            return (X0: labels[i].X - w, Y0: labels[i].Y - h, X1: labels[i].X + w, Y1: labels[i].Y + h);
        }).ToList();
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var overlapX = Math.Min(boxes[i].X1, boxes[j].X1) - Math.Max(boxes[i].X0, boxes[j].X0);
                var overlapY = Math.Min(boxes[i].Y1, boxes[j].Y1) - Math.Max(boxes[i].Y0, boxes[j].Y0);
                Assert.False(overlapX > 1e-9 && overlapY > 1e-9, $"labels {net.Nodes[i].Label} and {net.Nodes[j].Label} overprint");
            }
        }
    }
}
