using System.Globalization;
using System.Xml;
using System.Xml.Schema;
using PolicyMiner.Networks;
using PolicyMiner.Tests.Export;

namespace PolicyMiner.Tests.Networks;

public class NetworkTests
{
    private static SignatoryNetwork Build(EdgeWeighting w) => SignatoryNetwork.Build(ExportFixture.Build().Agreements, w);

    [Fact]
    public void Multilateral_agreements_become_cliques_one_row_per_pair_per_agreement()
    {
        var ds = ExportFixture.Build();
        var net = SignatoryNetwork.Build(ds.Agreements, EdgeWeighting.Count);
        foreach (var a in ds.Agreements)
        {
            var n = a.Signatories.Select(s => s.Code).Distinct().Count();
            Assert.Equal(n * (n - 1) / 2, net.Ties.Count(t => t.DocId == a.DocId));
        }
        // The 上海-江苏-浙江-安徽 clique appears in two agreements: each of its 6 pairs has weight 2.
        var sh = net.Edges.Single(e => e.Source == "310000" && e.Target == "340000");
        Assert.Equal(2, sh.Agreements);
        Assert.Equal(2.0, sh.Weight);
    }

    [Fact]
    public void Fractional_weighting_gives_each_signatory_one_unit_per_agreement()
    {
        var net = Build(EdgeWeighting.Fractional);
        foreach (var group in net.Ties.GroupBy(t => t.DocId))
        {
            var codes = group.SelectMany(t => new[] { t.Source, t.Target }).Distinct();
            foreach (var code in codes)
            {
                Assert.Equal(1.0, group.Where(t => t.Source == code || t.Target == code).Sum(t => t.Weight), 12);
            }
        }
    }

    [Fact]
    public void Nodes_carry_name_code_province_level_and_are_sorted_by_code()
    {
        var net = Build(EdgeWeighting.Count);
        Assert.Equal(net.Nodes.Select(n => n.Code).Order(StringComparer.Ordinal), net.Nodes.Select(n => n.Code));
        var wuhou = net.Nodes.Single(n => n.Code == "510107");
        Assert.Equal(("武侯区", "四川省", "county"), (wuhou.Name, wuhou.Province, wuhou.Level));
        var hangzhou = net.Nodes.Single(n => n.Code == "330100"); // signed alone: an isolate
        Assert.Equal(0, hangzhou.Degree);
    }

    [Fact]
    public void Edges_by_year_and_by_field_sum_to_the_ties_they_group()
    {
        var net = Build(EdgeWeighting.Count);
        Assert.Equal(net.Ties.Count(t => t.Year is not null), net.EdgesByYear().Sum(e => e.Agreements));
        var byField = net.EdgesByLabel("fields");
        var expected = net.Ties.Sum(t => net.Agreements.Single(a => a.DocId == t.DocId).Labels.GetValueOrDefault("fields")?.Count ?? 0);
        Assert.Equal(expected, byField.Sum(e => e.Agreements));
    }

    [Fact]
    public void GraphML_validates_against_the_schema()
    {
        var dir = ExportFixture.TempDir();
        var path = Path.Combine(dir, "network.graphml");
        var net = Build(EdgeWeighting.Count);
        NetworkFiles.WriteGraphML(path, net);
        var schemas = new XmlSchemaSet();
        schemas.Add(NetworkFiles.GraphMLNamespace, Path.Combine(SharedData.RepoRoot, "tests", "PolicyMiner.Tests", "Networks", "graphml-minimal.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
        using (var reader = XmlReader.Create(path, settings))
        {
            while (reader.Read())
            {
            }
        }
        Assert.Empty(errors);
        var doc = new XmlDocument();
        doc.Load(path);
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("g", NetworkFiles.GraphMLNamespace);
        Assert.Equal(net.Nodes.Count, doc.SelectNodes("//g:node", ns)!.Count);
        Assert.Equal(net.Edges.Count, doc.SelectNodes("//g:edge", ns)!.Count);
        Assert.NotNull(doc.SelectSingleNode("//g:node/g:data[text()='锦江区']", ns));
    }

    [Fact]
    public void Pajek_and_UCINET_files_describe_the_same_network()
    {
        var dir = ExportFixture.TempDir();
        var net = Build(EdgeWeighting.Count);
        NetworkFiles.WritePajek(Path.Combine(dir, "n.net"), net);
        NetworkFiles.WriteDlMatrix(Path.Combine(dir, "m.dl"), net);
        NetworkFiles.WriteDlEdgelist(Path.Combine(dir, "e.dl"), net);
        NetworkFiles.WriteTwoModeDl(Path.Combine(dir, "t.dl"), net);
        var pajek = File.ReadAllLines(Path.Combine(dir, "n.net"));
        Assert.Equal("*Vertices " + net.Nodes.Count.ToString(CultureInfo.InvariantCulture), pajek[0]);
        Assert.Equal(net.Edges.Count, pajek.SkipWhile(l => l != "*Edges").Count() - 1);
        var matrix = File.ReadAllLines(Path.Combine(dir, "m.dl")).SkipWhile(l => l != "data:").Skip(1)
            .Select(l => l.Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(net.Nodes.Count, matrix.Length);
        for (var i = 0; i < matrix.Length; i++)
        {
            for (var j = 0; j < matrix.Length; j++)
            {
                Assert.Equal(matrix[i][j], matrix[j][i]);
            }
        }
        Assert.Equal(net.Edges.Sum(e => e.Weight) * 2, matrix.Sum(r => r.Sum()));
        Assert.Equal(net.Edges.Count * 2, File.ReadAllLines(Path.Combine(dir, "e.dl")).SkipWhile(l => l != "data:").Count() - 1);
        var twoMode = File.ReadAllLines(Path.Combine(dir, "t.dl")).SkipWhile(l => l != "data:").Skip(1).ToList();
        Assert.Equal(net.Agreements.Count, twoMode.Count);
        Assert.Equal(net.Agreements.Sum(a => a.Signatories.Select(s => s.Code).Distinct().Count()), twoMode.Sum(l => l.Split(' ').Count(v => v == "1")));
    }

    [Fact]
    public void Network_files_are_identical_on_a_second_run()
    {
        var a = ExportFixture.TempDir();
        var b = ExportFixture.TempDir();
        NetworkFiles.WriteAll(a, Build(EdgeWeighting.Fractional), byYear: true, byLabelTask: "fields");
        NetworkFiles.WriteAll(b, Build(EdgeWeighting.Fractional), byYear: true, byLabelTask: "fields");
        foreach (var f in Directory.GetFiles(a).Select(Path.GetFileName))
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, f!)), File.ReadAllBytes(Path.Combine(b, f!)));
        }
    }

    [Fact]
    public void Layout_is_deterministic_and_inside_the_unit_square()
    {
        var net = Build(EdgeWeighting.Count);
        var p1 = NetworkLayout.Compute(net);
        var p2 = NetworkLayout.Compute(net);
        Assert.Equal(p1, p2);
        Assert.All(p1, p => Assert.True(Math.Abs(p.X) <= 1 + 1e-9 && Math.Abs(p.Y) <= 1 + 1e-9));
    }
}
