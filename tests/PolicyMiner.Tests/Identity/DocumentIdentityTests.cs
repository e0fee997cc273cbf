namespace PolicyMiner.Tests.Identity;

public class DocumentIdentityTests
{
    private static List<string> Ids(params (string Root, string Relative)[] files) =>
        DocumentIdentity.AssignIds(files.Select(f => (Path.Combine(f.Root, f.Relative), (string?)f.Root, f.Relative)).ToList()).Select(f => f.DocId).ToList();

    [Fact]
    public void Unique_stems_are_the_ids()
    {
        Assert.Equal(["R0035", "R0101", "agreement"], Ids(("in", "R0035.txt"), ("in", "sub/R0101.pdf"), ("in", "a/b/agreement.docx")));
    }

    [Fact]
    public void Repeated_stems_fall_back_to_the_relative_path_then_the_extension_then_the_root()
    {
        Assert.Equal(["2020/jiangsu", "2021/jiangsu", "other"], Ids(("in", "2020/jiangsu.pdf"), ("in", "2021/jiangsu.pdf"), ("in", "other.txt")));
        Assert.Equal(["a.docx", "a.pdf"], Ids(("in", "a.docx"), ("in", "a.pdf")));
        Assert.Equal(["x/a.txt", "y/a.txt"], Ids(("x", "a.txt"), ("y", "a.txt")));
    }

    [Fact]
    public void Ids_are_always_unique()
    {
        var ids = Ids(("x", "a.txt"), ("x", "a.txt"), ("x", "a.pdf"), ("x", "s/a.txt"));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Matcher_finds_documents_by_id_hash_path_name_or_stem_and_reports_the_rest()
    {
        var docs = new List<DocumentKey>
        {
            new("R0035", "corpora/new/R0035.txt", "aa11bb22cc33dd44ee55ff6600112233aa11bb22cc33dd44ee55ff6600112233"),
            new("2020/jiangsu", "in/2020/jiangsu.pdf", "bb"),
            new("2021/jiangsu", "in/2021/jiangsu.pdf", "cc"),
        };
        var m = DocumentMatcher.Match(docs, ["R0035", "aa11bb22cc33dd44", "2021/jiangsu.pdf", "R0035.txt", "jiangsu", "nothing"]);
        Assert.Equal("R0035", m.DocIdOfKey["R0035"]);
        Assert.Equal("R0035", m.DocIdOfKey["aa11bb22cc33dd44"]); // the older 16-digit content id
        Assert.Equal("2021/jiangsu", m.DocIdOfKey["2021/jiangsu.pdf"]); // end of the path
        Assert.Equal("R0035", m.DocIdOfKey["R0035.txt"]); // file name
        Assert.Equal(["jiangsu", "nothing"], m.Unmatched); // ambiguous stem, unknown key
        Assert.Contains("4 of 6 rows matched", m.Summary("codes.csv", "doc_id"), StringComparison.Ordinal);
    }

    [Fact]
    public void Table_documents_take_their_ids_from_the_named_id_column()
    {
        var path = Path.Combine(Path.GetTempPath(), "pm-idcol-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, "agreement_no,title,text\nA-17,川渝合作协议,两省市共同推进\nA-18,沪苏协议,共建\n");
        var docs = PolicyMiner.Classification.InputDocuments.Read(path, null, "agreement_no").Documents;
        Assert.Equal(["A-17", "A-18"], docs.Select(d => d.Id));
        Assert.All(docs, d => Assert.Equal(64, d.Sha256!.Length));
        var ex = Assert.Throws<InvalidDataException>(() => PolicyMiner.Classification.InputDocuments.Read(path));
        Assert.Contains("--id-column", ex.Message, StringComparison.Ordinal);
    }
}
