using System.Globalization;
using System.Text;
using System.Xml;

namespace PolicyMiner.Networks;

/// <summary>
/// Writes a <see cref="SignatoryNetwork"/> in the formats network tools open: CSV edge and node lists (Gephi's
/// spreadsheet import, R, Stata), GraphML (Gephi, igraph, NetworkX, yEd), Pajek <c>.net</c>, UCINET DL
/// (<c>edgelist1</c> and <c>fullmatrix</c>) and the two-mode agreement × government matrix (CSV and DL).
/// Every file is UTF-8 without BOM except the CSVs (UTF-8 with BOM, for Excel).
/// </summary>
public static class NetworkFiles
{
    /// <summary>GraphML namespace.</summary>
    public const string GraphMLNamespace = "http://graphml.graphdrawing.org/xmlns";

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes every network file into <paramref name="folder"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> WriteAll(string folder, SignatoryNetwork network, bool byYear, string? byLabelTask)
    {
        ArgumentNullException.ThrowIfNull(network);
        var written = new List<string>();
        string P(string name)
        {
            var p = Path.Combine(folder, name);
            written.Add(p);
            return p;
        }
        WriteNodesCsv(P("nodes.csv"), network);
        WriteTiesCsv(P("edges_by_agreement.csv"), network);
        WriteEdgesCsv(P("edges.csv"), network, network.Edges, null);
        if (byYear)
        {
            WriteEdgesCsv(P("edges_by_year.csv"), network, network.EdgesByYear(), "year");
        }
        if (byLabelTask is not null)
        {
            WriteEdgesCsv(P("edges_by_" + Export.ColumnNames.Sanitize(byLabelTask) + ".csv"), network, network.EdgesByLabel(byLabelTask), byLabelTask);
        }
        WriteGraphML(P("network.graphml"), network);
        WritePajek(P("network.net"), network);
        WriteDlEdgelist(P("network_edgelist.dl"), network);
        WriteDlMatrix(P("network_matrix.dl"), network);
        WriteTwoModeCsv(P("two_mode.csv"), network);
        WriteTwoModeDl(P("two_mode.dl"), network);
        return written;
    }

    private static void Csv(string path, IEnumerable<string?[]> rows) =>
        AtomicFile.Write(path, w =>
        {
            foreach (var row in rows)
            {
                PolicyMiner.Csv.WriteRow(w, row.Select(c => c ?? ""));
            }
        }, AtomicFile.Utf8Bom);

    /// <summary>
    /// nodes.csv: <c>Id, Label</c> first (Gephi's node-table import; R's <c>graph_from_data_frame(vertices = …)</c>
    /// takes the first column as the vertex names), then name, kind, code, province, level, agreements, degree,
    /// strength and the UCINET label.
    /// </summary>
    public static void WriteNodesCsv(string path, SignatoryNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var dl = DlLabels(network);
        Csv(path, network.Nodes.Select((n, i) => new string?[] { n.Id, n.Label, n.Name, n.Kind, n.Code, n.Province, n.Level, I(n.Agreements), I(n.Degree), N(n.Strength), dl[i] })
            .Prepend(["Id", "Label", "name", "kind", "code", "province", "level", "agreements", "degree", "strength", "dl_label"]));
    }

    /// <summary>edges_by_agreement.csv: one row per pair per document, the two node ids first.</summary>
    public static void WriteTiesCsv(string path, SignatoryNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var names = network.Nodes.ToDictionary(n => n.Id, n => n.Label, StringComparer.Ordinal);
        Csv(path, network.Ties.Select(t => new string?[]
            {
                t.Source, t.Target, t.DocId, t.Year?.ToString(CultureInfo.InvariantCulture), N(t.Weight), "Undirected", names[t.Source], names[t.Target], I(t.Signatories), t.Relation,
            })
            .Prepend(["Source", "Target", "doc_id", "year", "Weight", "Type", "source_name", "target_name", "n_parties", "relation"]));
    }

    /// <summary>
    /// An aggregated edge list: <c>Source, Target</c> first (the node ids of nodes.csv, so R's
    /// <c>graph_from_data_frame(edges, vertices = nodes)</c> matches them), then the group column if any,
    /// <c>Weight, Type</c> (Gephi's edge-table import), the names and the number of documents.
    /// </summary>
    public static void WriteEdgesCsv(string path, SignatoryNetwork network, IReadOnlyList<NetworkEdge> edges, string? groupColumn)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(edges);
        var names = network.Nodes.ToDictionary(n => n.Id, n => n.Label, StringComparer.Ordinal);
        var header = new List<string?> { "Source", "Target" };
        if (groupColumn is not null)
        {
            header.Add(Export.ColumnNames.Sanitize(groupColumn));
        }
        header.AddRange(["Weight", "Type", "source_name", "target_name", "agreements"]);
        Csv(path, edges.Select(e =>
            {
                var row = new List<string?> { e.Source, e.Target };
                if (groupColumn is not null)
                {
                    row.Add(e.Group);
                }
                row.AddRange([N(e.Weight), "Undirected", names[e.Source], names[e.Target], I(e.Agreements)]);
                return row.ToArray();
            })
            .Prepend(header.ToArray()));
    }

    /// <summary>GraphML 1.0 (undirected), node attributes label/name/kind/code/province/level/agreements, edge weight/agreements.</summary>
    public static void WriteGraphML(string path, SignatoryNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var dl = DlLabels(network);
        AtomicFile.WriteStream(path, stream =>
        {
            var settings = new XmlWriterSettings { Encoding = AtomicFile.Utf8, Indent = true, NewLineChars = "\n" };
            using var x = XmlWriter.Create(stream, settings);
            x.WriteStartDocument();
            x.WriteStartElement("graphml", GraphMLNamespace);
            x.WriteAttributeString("xmlns", "xsi", null, "http://www.w3.org/2001/XMLSchema-instance");
            x.WriteAttributeString("xsi", "schemaLocation", "http://www.w3.org/2001/XMLSchema-instance",
                GraphMLNamespace + " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd");
            void Key(string id, string forWhat, string name, string type)
            {
                x.WriteStartElement("key", GraphMLNamespace);
                x.WriteAttributeString("id", id);
                x.WriteAttributeString("for", forWhat);
                x.WriteAttributeString("attr.name", name);
                x.WriteAttributeString("attr.type", type);
                x.WriteEndElement();
            }
            // "label" is the attribute Gephi shows as the node label (without it Gephi shows the id, n110000).
            Key("label", "node", "label", "string");
            Key("name", "node", "name", "string");
            Key("kind", "node", "kind", "string");
            Key("code", "node", "code", "string");
            Key("province", "node", "province", "string");
            Key("level", "node", "level", "string");
            Key("agreements", "node", "agreements", "int");
            Key("weight", "edge", "weight", "double");
            Key("e_agreements", "edge", "agreements", "int");
            x.WriteStartElement("graph", GraphMLNamespace);
            x.WriteAttributeString("id", network.Level == NetworkLevel.Party ? "parties" : "governments");
            x.WriteAttributeString("edgedefault", "undirected");
            void Data(string key, string value)
            {
                x.WriteStartElement("data", GraphMLNamespace);
                x.WriteAttributeString("key", key);
                x.WriteString(value);
                x.WriteEndElement();
            }
            // GraphML ids are NMTOKENs (no '/' or spaces): n + the code, or n + v1, v2 … for other bodies.
            var ids = network.Nodes.Select((n, i) => (n.Id, Xml: "n" + dl[i])).ToDictionary(t => t.Id, t => t.Xml, StringComparer.Ordinal);
            foreach (var n in network.Nodes)
            {
                x.WriteStartElement("node", GraphMLNamespace);
                x.WriteAttributeString("id", ids[n.Id]);
                Data("label", n.Label);
                Data("name", n.Name);
                Data("kind", n.Kind);
                Data("code", n.Code);
                Data("province", n.Province);
                Data("level", n.Level);
                Data("agreements", I(n.Agreements));
                x.WriteEndElement();
            }
            var k = 0;
            foreach (var e in network.Edges)
            {
                x.WriteStartElement("edge", GraphMLNamespace);
                x.WriteAttributeString("id", "e" + I(k++));
                x.WriteAttributeString("source", ids[e.Source]);
                x.WriteAttributeString("target", ids[e.Target]);
                Data("weight", N(e.Weight));
                Data("e_agreements", I(e.Agreements));
                x.WriteEndElement();
            }
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndDocument();
        });
    }

    /// <summary>Pajek .net: *Vertices with the quoted unique labels (networkx and igraph key vertices by label), *Edges "i j weight" (1-based, undirected).</summary>
    public static void WritePajek(string path, SignatoryNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var index = Index(network);
        AtomicFile.Write(path, w =>
        {
            w.Write("*Vertices " + I(network.Nodes.Count) + "\r\n");
            for (var i = 0; i < network.Nodes.Count; i++)
            {
                w.Write(I(i + 1) + " \"" + network.Nodes[i].Label.Replace("\"", "'", StringComparison.Ordinal) + "\"\r\n");
            }
            w.Write("*Edges\r\n");
            foreach (var e in network.Edges)
            {
                w.Write(I(index[e.Source]) + " " + I(index[e.Target]) + " " + N(e.Weight) + "\r\n");
            }
        });
    }

    private static Dictionary<string, int> Index(SignatoryNetwork network) =>
        network.Nodes.Select((n, i) => (n.Id, i)).ToDictionary(x => x.Id, x => x.i + 1, StringComparer.Ordinal);

    // UCINET labels must be ASCII without spaces or commas (its label parser splits on them and does not read
    // Chinese reliably): the node id when it is a GB/T 2260 code, else v1, v2 … in node order; nodes.csv's
    // dl_label column maps them back to names.
    private static string[] DlLabels(SignatoryNetwork network) =>
        network.Nodes.Select((n, i) => n.Id.All(char.IsAsciiDigit) ? n.Id : "v" + I(i + 1)).ToArray();

    private static string Labels(IEnumerable<string> labels) => string.Join(",", labels);

    /// <summary>UCINET DL edgelist1; each undirected tie is listed in both directions so UCINET builds a symmetric matrix.</summary>
    public static void WriteDlEdgelist(string path, SignatoryNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var index = Index(network);
        AtomicFile.Write(path, w =>
        {
            w.Write("dl n=" + I(network.Nodes.Count) + "\r\nformat = edgelist1\r\nlabels:\r\n");
            w.Write(Labels(DlLabels(network)) + "\r\ndata:\r\n");
            foreach (var e in network.Edges)
            {
                w.Write(I(index[e.Source]) + " " + I(index[e.Target]) + " " + N(e.Weight) + "\r\n");
                w.Write(I(index[e.Target]) + " " + I(index[e.Source]) + " " + N(e.Weight) + "\r\n");
            }
        });
    }

    /// <summary>UCINET DL fullmatrix (symmetric, zero diagonal).</summary>
    public static void WriteDlMatrix(string path, SignatoryNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var index = Index(network);
        var n = network.Nodes.Count;
        var m = new double[n, n];
        foreach (var e in network.Edges)
        {
            m[index[e.Source] - 1, index[e.Target] - 1] = e.Weight;
            m[index[e.Target] - 1, index[e.Source] - 1] = e.Weight;
        }
        AtomicFile.Write(path, w =>
        {
            w.Write("dl n=" + I(n) + "\r\nformat = fullmatrix\r\nlabels:\r\n");
            w.Write(Labels(DlLabels(network)) + "\r\ndata:\r\n");
            for (var i = 0; i < n; i++)
            {
                var sb = new StringBuilder();
                for (var j = 0; j < n; j++)
                {
                    sb.Append(j == 0 ? "" : " ").Append(N(m[i, j]));
                }
                w.Write(sb.Append("\r\n").ToString());
            }
        });
    }

    // Each document's row of the two-mode matrix (0/1 per node, in node order), computed as it is written: a matrix of
    // every document was documents × nodes integers (issue 15, memory in corpus size).
    private static IEnumerable<(string DocId, int[] Row)> TwoMode(SignatoryNetwork network)
    {
        var index = Index(network);
        foreach (var a in network.PerDocument)
        {
            var row = new int[network.Nodes.Count];
            foreach (var id in a.Members)
            {
                if (index.TryGetValue(id, out var j))
                {
                    row[j - 1] = 1;
                }
            }
            yield return (a.DocId, row);
        }
    }

    /// <summary>two_mode.csv: rows = documents (doc_id), columns = node ids, cells 0/1.</summary>
    public static void WriteTwoModeCsv(string path, SignatoryNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Csv(path, TwoMode(network).Select(r => r.Row.Select(I).Prepend(r.DocId).ToArray<string?>())
            .Prepend(network.Nodes.Select(n => n.Id).Prepend("doc_id").ToArray<string?>()));
    }

    /// <summary>two_mode.dl: UCINET DL fullmatrix with nr documents × nc nodes.</summary>
    public static void WriteTwoModeDl(string path, SignatoryNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        AtomicFile.Write(path, w =>
        {
            w.Write("dl nr=" + I(network.Agreements.Count) + " nc=" + I(network.Nodes.Count) + "\r\nformat = fullmatrix\r\n");
            // The row labels as Labels() joins them, written one by one instead of as one string of every doc_id.
            w.Write("row labels:\r\n");
            var first = true;
            foreach (var a in network.PerDocument)
            {
                w.Write(first ? a.DocId : "," + a.DocId);
                first = false;
            }
            w.Write("\r\n");
            w.Write("column labels:\r\n" + Labels(DlLabels(network)) + "\r\ndata:\r\n");
            foreach (var (_, row) in TwoMode(network))
            {
                w.Write(string.Join(" ", row.Select(I)) + "\r\n");
            }
        });
    }
}
