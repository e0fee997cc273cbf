using System.Text;
using PolicyMiner.Extraction;

namespace PolicyMiner.Tests.Cli;

public class ExtractCommandTests
{
    [Fact]
    public void Extract_writes_jsonl_and_a_bom_csv_and_exits_zero_when_all_files_read()
    {
        using var temp = PolicyMiner.Tests.Extraction.ExtractionFixtures.Temp();
        var output = temp.File("documents.jsonl");
        var result = CliRunner.Run("", "extract", PolicyMiner.Tests.Extraction.ExtractionFixtures.PathOf("law-utf8.txt"),
            PolicyMiner.Tests.Extraction.ExtractionFixtures.PathOf("regulation.docx"), "-o", output);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("2 files", result.Stderr, StringComparison.Ordinal);
        var docs = DocumentsJsonl.Read(output).ToList();
        Assert.Equal(2, docs.Count);
        var csv = File.ReadAllBytes(temp.File("documents.csv"));
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("doc_id,sha256,path,format", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_exits_non_zero_and_names_the_failed_files()
    {
        using var temp = PolicyMiner.Tests.Extraction.ExtractionFixtures.Temp();
        File.WriteAllBytes(temp.File("empty.txt"), []);
        File.Copy(PolicyMiner.Tests.Extraction.ExtractionFixtures.PathOf("law-gbk.txt"), temp.File("law.txt"));
        var result = CliRunner.Run("", "extract", temp.Path, "-o", temp.File("out", "documents.jsonl"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("1 of 2 files failed", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("empty.txt", result.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.File("out", "documents.csv")));
    }

    [Fact]
    public void Csv_cells_that_look_like_formulas_are_neutralised()
    {
        Assert.Equal("'=SUM(A1)", Csv.Escape("=SUM(A1)"));
        Assert.Equal("'+A1", Csv.Escape("+A1"));
        Assert.Equal("'-1+cmd", Csv.Escape("-1+cmd"));
        Assert.Equal("-1", Csv.Escape("-1")); // a plain number stays a number
        Assert.Equal("'@x", Csv.Escape("@x"));
        Assert.Equal("\"'=HYPERLINK(\"\"x\"\",1)\"", Csv.Escape("=HYPERLINK(\"x\",1)"));
        Assert.Equal("川府发〔2020〕12号", Csv.Escape("川府发〔2020〕12号"));
    }

    [Fact]
    public void A_formula_title_from_a_real_batch_is_neutralised_in_documents_csv()
    {
        using var temp = PolicyMiner.Tests.Extraction.ExtractionFixtures.Temp();
        File.WriteAllText(temp.File("formula.txt"), "=HYPERLINK(\"x\",\"点击\")关于测试的通知\n正文第一段内容。\n", Encoding.UTF8);
        var result = CliRunner.Run("", "extract", temp.File("formula.txt"), "-o", temp.File("documents.jsonl"));
        Assert.Equal(0, result.ExitCode);
        var csv = File.ReadAllText(temp.File("documents.csv"), Encoding.UTF8);
        Assert.Contains(",\"'=HYPERLINK(", csv, StringComparison.Ordinal);
    }
}
