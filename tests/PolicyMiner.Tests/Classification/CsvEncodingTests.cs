using System.Text;
using PolicyMiner.Classification;
using PolicyMiner.Export;
using PolicyMiner.Extraction.Text;
using PolicyMiner.Tests.Cli;

namespace PolicyMiner.Tests.Classification;

/// <summary>
/// Every CSV input (labels, docs, coded) is read with extract's encoding detection. The fixtures are made here, in the
/// test, from the real sample labels (corpora/sample/regulations/labels.csv): the codes replaced by the codebook's
/// Chinese label names and saved as Excel on Chinese Windows saves "CSV (comma delimited)" (GBK, CRLF), or as
/// Excel's "CSV UTF-8" (BOM, CRLF).
/// </summary>
public class CsvEncodingTests
{
    private static string Sample => Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");
    private static string SampleLabels => Path.Combine(Sample, "labels.csv");
    private static string DefaultCodebook => Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-enc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The sample labels with every code in the fields/coder columns replaced by its Chinese name (经济, 生态, …), CRLF.</summary>
    private static string ChineseLabelsText()
    {
        var fields = Codebook.Load(DefaultCodebook).Find("fields")!;
        var lines = File.ReadAllLines(SampleLabels, Encoding.UTF8);
        var header = lines[0].Split(',');
        Assert.Equal(["doc_id", "file", "title", "fields", "coder_a", "coder_b"], header);
        var sb = new StringBuilder(lines[0]).Append("\r\n");
        foreach (var line in lines.Skip(1))
        {
            // titles of the sample contain no comma or quote, so a plain split is exact here (checked by the count)
            var cells = line.Split(',');
            Assert.Equal(6, cells.Length);
            for (var c = 3; c < 6; c++)
            {
                cells[c] = string.Join(";", cells[c].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(code => fields.Resolve(code)!.Zh));
            }
            sb.Append(string.Join(",", cells)).Append("\r\n");
        }
        return sb.ToString();
    }

    private static string WriteGbk(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, TextEncodingDetector.Gb18030.GetBytes(text));
        return path;
    }

    private static string WriteUtf8Bom(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);
        return path;
    }

    private static Dictionary<string, string> Codes(CodedSet set) =>
        set.Rows.ToDictionary(r => r.Key, r => string.Join(";", r.Codes["fields"]), StringComparer.Ordinal);

    [Fact]
    public void Gbk_labels_with_chinese_names_and_crlf_read_as_the_utf8_original()
    {
        var dir = TempDir();
        var gbk = WriteGbk(dir, "labels.csv", ChineseLabelsText());
        // the bytes really are GBK: as UTF-8 they are invalid, so the old reader produced '����' here
        Assert.False(System.Text.Unicode.Utf8.IsValid(File.ReadAllBytes(gbk)));
        var book = Codebook.Load(DefaultCodebook);
        var original = CodedLabels.Read([SampleLabels], book, []);
        var read = CodedLabels.Read([gbk], book, []);
        Assert.Equal(48, read.Rows.Count);
        Assert.Equal(Codes(original), Codes(read));
        Assert.Equal(original.CoderColumns["fields"], read.CoderColumns["fields"]);
        var note = Assert.Single(read.Notes);
        Assert.StartsWith($"{gbk}: read as GB18030 (no BOM, not valid UTF-8", note, StringComparison.Ordinal);
        Assert.Empty(original.Notes);
    }

    [Fact]
    public void Excel_csv_utf8_with_bom_and_crlf_reads_without_a_note()
    {
        var dir = TempDir();
        var bom = WriteUtf8Bom(dir, "labels.csv", ChineseLabelsText());
        var book = Codebook.Load(DefaultCodebook);
        var read = CodedLabels.Read([bom], book, []);
        Assert.Equal(Codes(CodedLabels.Read([SampleLabels], book, [])), Codes(read));
        Assert.Empty(read.Notes);
        // the header's first cell is doc_id, not "\uFEFFdoc_id"
        Assert.Equal("doc_id", read.KeyColumn);
    }

    [Fact]
    public void Gbk_docs_csv_reads_the_same_texts_and_says_so()
    {
        var dir = TempDir();
        var docs = InputDocuments.Read(Path.Combine(Sample, "docs")).Documents.Take(12).ToList();
        var sb = new StringBuilder("doc_id,title,text\r\n");
        foreach (var d in docs)
        {
            sb.Append(Csv.Escape(d.Id)).Append(',').Append(Csv.Escape(d.Title ?? "")).Append(',').Append(Csv.Escape(d.Text)).Append("\r\n");
        }
        var path = WriteGbk(dir, "docs.csv", sb.ToString());
        var read = InputDocuments.Read(path);
        Assert.Equal(docs.Select(d => d.Text.Replace("\r\n", "\n", StringComparison.Ordinal)), read.Documents.Select(d => d.Text.Replace("\r\n", "\n", StringComparison.Ordinal)));
        Assert.Contains(read.Notes, n => n.Contains("read as GB18030", StringComparison.Ordinal));
    }

    [Fact]
    public void Gbk_coded_file_for_export_reads_with_its_chinese_cells()
    {
        var dir = TempDir();
        var gbk = WriteGbk(dir, "coded.csv", ChineseLabelsText());
        var table = LabelTable.Read(gbk, allowFileKey: true);
        Assert.Equal(48, table.Count);
        Assert.Equal("doc_id", table.KeyColumn);
        Assert.Equal("经济;交通", table.Row("R0001")![table.IndexOf("fields")]);
        Assert.Contains("read as GB18030", table.EncodingNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_with_a_gbk_coded_file_fills_the_coded_columns_and_says_how_it_was_read()
    {
        // the export fixture's coded.csv (real regulation ids) with Chinese label names, saved as GBK with CRLF
        var dir = TempDir();
        var fields = Codebook.Load(DefaultCodebook).Find("fields")!;
        var lines = File.ReadAllLines(Path.Combine(SharedData.RepoRoot, "tests", "PolicyMiner.Tests", "Export", "Fixtures", "coded.csv"), Encoding.UTF8);
        var text = string.Concat(lines.Take(1).Concat(lines.Skip(1).Select(l =>
        {
            var cells = l.Split(',');
            return cells[0] + "," + string.Join(";", cells[1].Split(';').Select(c => fields.Resolve(c)!.Zh));
        })).Select(l => l + "\r\n"));
        var gbk = WriteGbk(dir, "coded.csv", text);
        var output = Path.Combine(dir, "out");
        var r = Cli.CliRunner.Run("", "export", "--docs", Export.ExportFixture.Documents, "--coded", gbk, "--model", Export.ExportFixture.Card, "-o", output, "--formats", "csv");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"export: {gbk}: read as GB18030", r.Stderr, StringComparison.Ordinal);
        // the Chinese names count as their codes in the 0/1 columns, exactly as the UTF-8 codes of the fixture do
        var reference = Path.Combine(dir, "reference");
        Assert.Equal(0, Cli.CliRunner.Run("", "export", "--docs", Export.ExportFixture.Documents, "--coded", Export.ExportFixture.Coded, "--model", Export.ExportFixture.Card, "-o", reference, "--formats", "csv").ExitCode);
        static List<string[]> Indicators(string file)
        {
            var rows = File.ReadAllLines(file, Encoding.UTF8).Select(l => l.Split(',')).ToList();
            var cols = Enumerable.Range(0, rows[0].Length).Where(i => rows[0][i].StartsWith("coded_fields_", StringComparison.Ordinal)).ToList();
            Assert.Equal(9, cols.Count);
            return rows.Select(r => cols.Select(i => r[i]).ToArray()).ToList();
        }
        var got = Indicators(Path.Combine(output, "dataset.csv"));
        Assert.Equal(Indicators(Path.Combine(reference, "dataset.csv")), got);
        Assert.Contains(got.Skip(1), r => r.Contains("1"));
        Assert.Contains("经济;交通", File.ReadAllText(Path.Combine(output, "dataset.csv"), Encoding.UTF8), StringComparison.Ordinal);
    }

    [Fact]
    public void Big5_labels_read_as_big5()
    {
        // Traditional label names in Big5 (as Excel saves CSV on Traditional-Chinese Windows); the codebook here is
        // constructed for the test with Traditional zh names.
        var dir = TempDir();
        var book = new Codebook
        {
            Tasks =
            [
                new CodebookTask
                {
                    Name = "fields", Kind = "multilabel",
                    Labels = [new CodebookLabel { Code = "economic", Zh = "經濟" }, new CodebookLabel { Code = "ecological", Zh = "生態" }, new CodebookLabel { Code = "transport", Zh = "交通" }],
                },
            ],
        };
        var text = "doc_id,title,fields\r\nA,臺灣地區與大陸地區人民關係條例,經濟;交通\r\nB,環境保護條例,生態\r\n";
        var path = Path.Combine(dir, "labels.csv");
        File.WriteAllBytes(path, TextEncodingDetector.Big5.GetBytes(text));
        var read = CodedLabels.Read([path], book, []);
        Assert.Equal("economic;transport", Codes(read)["A"]);
        Assert.Equal("ecological", Codes(read)["B"]);
        Assert.Contains(read.Notes, n => n.Contains("read as Big5", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_label_in_a_gbk_file_names_the_encoding_and_the_chinese_names()
    {
        var dir = TempDir();
        var gbk = WriteGbk(dir, "labels.csv", ChineseLabelsText().Replace("R0007,docs/R0007.md,世界博览会标志保护条例(2004-10-20),科技", "R0007,docs/R0007.md,世界博览会标志保护条例(2004-10-20),科学", StringComparison.Ordinal));
        var ex = Assert.Throws<InvalidDataException>(() => CodedLabels.Read([gbk], Codebook.Load(DefaultCodebook), []));
        Assert.Contains("row 3, column 'fields': unknown label '科学'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("or their Chinese names: 经济, 生态, 交通", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the file was read as GB18030", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Semicolon_or_tab_separated_file_is_named_as_such()
    {
        var dir = TempDir();
        var semicolons = WriteUtf8Bom(dir, "labels.csv", ChineseLabelsText().Replace(',', ';'));
        var ex = Assert.Throws<InvalidDataException>(() => CodedLabels.Read([semicolons], Codebook.Load(DefaultCodebook), []));
        Assert.Contains("separated by ';', not commas", ex.Message, StringComparison.Ordinal);
        // Excel's "Unicode Text": UTF-16 LE with BOM, tab separated
        var tabs = Path.Combine(dir, "labels.txt.csv");
        File.WriteAllBytes(tabs, [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(ChineseLabelsText().Replace(',', '\t'))]);
        var t = Assert.Throws<InvalidDataException>(() => LabelTable.Read(tabs, allowFileKey: true));
        Assert.Contains("separated by tabs", t.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_from_a_gbk_labels_file_with_chinese_names_through_the_cli()
    {
        var dir = TempDir();
        var gbk = WriteGbk(dir, "labels.csv", ChineseLabelsText());
        var model = Path.Combine(dir, "m");
        var r = CliRunner.Run("", "train", "--docs", Path.Combine(Sample, "docs"), "--labels", gbk, "--codebook", DefaultCodebook, "--model", model, "--no-cv");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"train: {gbk}: read as GB18030", r.Stderr, StringComparison.Ordinal);
        var card = ClassifierModel.TryReadCard(model)!;
        Assert.Equal(48, card.TrainingDocuments);
        var expected = CodedLabels.Read([SampleLabels], Codebook.Load(DefaultCodebook), []).Rows
            .SelectMany(row => row.Codes["fields"]).GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var counts = card.Tasks.Single().LabelCounts;
        foreach (var (code, n) in expected)
        {
            Assert.Equal(n, counts[code]);
        }
    }
}
