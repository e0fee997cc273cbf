using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using PolicyMiner.Export;
using PolicyMiner.Extraction;

namespace PolicyMiner.Tests.Export;

public partial class DatasetTests
{
    [GeneratedRegex("^[a-z][a-z0-9_]{0,31}$")]
    private static partial Regex ValidName();

    // A minimal RFC 4180 reader, written independently of CsvHelper, as R's read.csv parses: quoted fields,
    // doubled quotes, CRLF records.
    internal static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; i++; }
            else { field.Append(c); }
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }

    [Fact]
    public void Column_names_are_valid_in_Stata_and_R_and_unique()
    {
        var ds = ExportFixture.Build();
        Assert.All(ds.Columns, c => Assert.Matches(ValidName(), c.Name));
        Assert.Equal(ds.Columns.Count, ds.Columns.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(ds.Columns, c => c.Name == "pred_fields_science_technol_prob"); // suffix kept when truncated to 32
    }

    [Theory]
    [InlineData("字段", "v")]
    [InlineData("if", "if_")]
    [InlineData("str12", "str12_")]
    [InlineData("2020 count", "v_2020_count")]
    [InlineData("Fields (A)", "fields_a")]
    public void Column_names_are_sanitised(string raw, string expected) => Assert.Equal(expected, new ColumnNames().Add(raw));

    [Fact]
    public void Csv_reads_back_in_read_csv_shape_with_BOM_header_rows_Chinese_and_neutralised_formulas()
    {
        var docs = DocumentsJsonl.Read(ExportFixture.Documents).ToList();
        // A title that a spreadsheet would run as a formula.
        docs[0] = docs[0] with { Title = "=HYPERLINK(\"http://x\",\"点我\")" };
        var ds = ExportDatasetBuilder.Build(docs, LabelTable.Read(ExportFixture.Labeled, false), null, ModelCardView.Load(ExportFixture.Card));
        var dir = ExportFixture.TempDir();
        var path = Path.Combine(dir, "dataset.csv");
        DatasetCsv.Write(path, ds);
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan(0, 3).SequenceEqual(new byte[] { 0xEF, 0xBB, 0xBF }), "UTF-8 BOM");
        var rows = ParseCsv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal(ds.Columns.Select(c => c.Name), rows[0]);
        Assert.Equal(docs.Count + 1, rows.Count);
        Assert.All(rows, r => Assert.Equal(ds.Columns.Count, r.Count));
        var title = rows[0].IndexOf("title");
        var file = rows[0].IndexOf("file");
        var r0 = rows.Single(r => r[file] == docs[0].Path);
        Assert.Equal("'=HYPERLINK(\"http://x\",\"点我\")", r0[title]);
        var r1 = rows.Single(r => r[file] == docs[1].Path);
        Assert.Equal(docs[1].Title, r1[title]); // Chinese intact
        Assert.Equal("上海市;江苏省;浙江省;安徽省", r1[rows[0].IndexOf("signatories")]);
        Assert.Equal("310000;320000;330000;340000", r1[rows[0].IndexOf("signatory_codes")]);
        Assert.Equal("4", r1[rows[0].IndexOf("n_signatories")]);
        Assert.Equal("3", r1[rows[0].IndexOf("scope")]);
        Assert.Equal("1", r1[rows[0].IndexOf("top_level")]);
    }

    [Fact]
    public void Rows_join_predictions_and_hand_coding_on_doc_id()
    {
        var ds = ExportFixture.Build();
        var labeled = LabelTable.Read(ExportFixture.Labeled, false);
        var coded = LabelTable.Read(ExportFixture.Coded, true);
        int Col(string n) => ds.Columns.Select((c, i) => (c, i)).Single(x => x.c.Name == n).i;
        foreach (var (row, agreement) in ds.Rows.Zip(ds.Agreements))
        {
            var id = (string)row[Col("doc_id")]!;
            Assert.Equal(labeled.Row(id)![labeled.IndexOf("fields")], row[Col("pred_fields")]);
            Assert.Equal(coded.Row(id)![coded.IndexOf("fields")], row[Col("coded_fields")]);
            var codedEconomic = coded.Row(id)![coded.IndexOf("fields")].Split(';').Contains("economic") ? 1L : 0L;
            Assert.Equal(codedEconomic, row[Col("coded_fields_economic")]);
            Assert.Equal(agreement.DocId, id);
        }
        Assert.Empty(ds.Warnings);
    }

    [Fact]
    public void Highest_level_and_scope_come_from_the_signatories()
    {
        var ds = ExportFixture.Build();
        int Col(string n) => ds.Columns.Select((c, i) => (c, i)).Single(x => x.c.Name == n).i;
        foreach (var (row, a) in ds.Rows.Zip(ds.Agreements))
        {
            var levels = a.Signatories.Select(s => ExportDatasetBuilder.LevelCode(s.Level)!.Value).ToList();
            Assert.Equal(levels.Count == 0 ? null : (long?)levels.Min(), (long?)row[Col("top_level")]);
            Assert.Equal(a.Signatories.Count switch { 0 => null, 1 => 1L, 2 => 2L, _ => (long?)3L }, (long?)row[Col("scope")]);
        }
    }

    [Fact]
    public void Labeled_csv_with_an_unknown_doc_id_gives_a_warning_not_a_crash()
    {
        var dir = ExportFixture.TempDir();
        var path = Path.Combine(dir, "labeled.csv");
        File.WriteAllText(path, File.ReadAllText(ExportFixture.Labeled).Replace("R0001,", "R9999,", StringComparison.Ordinal));
        var ds = ExportDatasetBuilder.Build(DocumentsJsonl.Read(ExportFixture.Documents), LabelTable.Read(path, false));
        Assert.Contains(ds.Warnings, w => w.Contains("'R9999'", StringComparison.Ordinal) && w.Contains("11 of 12 rows matched", StringComparison.Ordinal));
    }

    [Fact]
    public void Coded_csv_keyed_by_file_name_joins_and_one_that_matches_nothing_is_an_error()
    {
        var dir = ExportFixture.TempDir();
        var byFile = Path.Combine(dir, "by-file.csv");
        File.WriteAllText(byFile, "file,fields\nR0001.md,economic;transport\nR0002.md,economic\n");
        var ds = ExportDatasetBuilder.Build(DocumentsJsonl.Read(ExportFixture.Documents), coded: LabelTable.Read(byFile, true));
        var col = ds.Columns.ToList().FindIndex(c => c.Name == "coded_fields");
        Assert.Equal("economic;transport", ds.Rows.Single(r => (string?)r[0] == "R0001")[col]);
        var none = Path.Combine(dir, "none.csv");
        File.WriteAllText(none, "file,fields\nX1.md,economic\n");
        var ex = Assert.Throws<InvalidDataException>(() => ExportDatasetBuilder.Build(DocumentsJsonl.Read(ExportFixture.Documents), coded: LabelTable.Read(none, true)));
        Assert.Contains("none of its 1 rows matches", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_doc_id_in_a_label_csv_is_an_error_naming_the_line()
    {
        var dir = ExportFixture.TempDir();
        var path = Path.Combine(dir, "coded.csv");
        var lines = File.ReadAllLines(ExportFixture.Coded);
        File.WriteAllLines(path, [.. lines, lines[1]]);
        var ex = Assert.Throws<InvalidDataException>(() => LabelTable.Read(path, true));
        Assert.Contains($"line {lines.Length + 1}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("repeats doc_id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jsonl_has_one_object_per_document_with_typed_values()
    {
        var ds = ExportFixture.Build();
        var dir = ExportFixture.TempDir();
        var path = Path.Combine(dir, "dataset.jsonl");
        DatasetJsonl.Write(path, ds);
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        Assert.Equal(ds.Rows.Count, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(ds.Columns.Select(c => c.Name), first.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, first.RootElement.GetProperty("n_signatories").ValueKind);
        Assert.Contains("四川省", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_has_one_table_per_sheet_real_dates_and_is_reproducible()
    {
        var ds = ExportFixture.Build();
        var dir = ExportFixture.TempDir();
        var a = Path.Combine(dir, "a.xlsx");
        var b = Path.Combine(dir, "b.xlsx");
        DatasetXlsx.Write(a, ds);
        DatasetXlsx.Write(b, ds);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        using var doc = SpreadsheetDocument.Open(a, false);
        var sheets = doc.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["data", "codebook", "task_labels"], sheets);
        var data = doc.WorkbookPart.WorksheetParts.First().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().ToList();
        Assert.Equal(ds.Rows.Count + 1, data.Count);
        Assert.Equal("A1", data[0].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().First().CellReference!.Value);
        // The date column holds Excel dates (serial day numbers with a yyyy-mm-dd format), not text.
        var dateCol = DatasetXlsx.ColumnLetters(ds.Columns.ToList().FindIndex(c => c.Name == "date"));
        var dateRow = ds.Rows.ToList().FindIndex(r => r[ds.Columns.ToList().FindIndex(c => c.Name == "date")] is string { Length: 10 });
        Assert.True(dateRow >= 0, "the fixture has a full date");
        var iso = (string)ds.Rows[dateRow][ds.Columns.ToList().FindIndex(c => c.Name == "date")]!;
        var cell = data[dateRow + 1].Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Single(c => c.CellReference!.Value == dateCol + (dateRow + 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1u, cell.StyleIndex!.Value);
        Assert.Null(cell.DataType);
        Assert.Equal(DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.FromDateTime(DateTime.FromOADate(double.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture))));
        var format = doc.WorkbookPart.WorkbookStylesPart!.Stylesheet.NumberingFormats!.Elements<DocumentFormat.OpenXml.Spreadsheet.NumberingFormat>().Single();
        Assert.Equal("yyyy-mm-dd", format.FormatCode!.Value);
    }

    [Fact]
    public void Stata_do_file_imports_the_csv_and_labels_every_variable_in_both_languages()
    {
        var ds = ExportFixture.Build();
        var text = DatasetStata.Build(ds, "dataset.csv");
        Assert.Contains("import delimited using \"dataset.csv\", encoding(\"utf-8\")", text, StringComparison.Ordinal);
        foreach (var c in ds.Columns)
        {
            // once in en, once in zh
            Assert.Equal(2, Regex.Count(text, "^label variable " + c.Name + " \"", RegexOptions.Multiline));
        }
        Assert.Contains("label define scope_zh 1 \"单一主体\" 2 \"双边\" 3 \"多边\", replace", text, StringComparison.Ordinal);
        Assert.Contains("label language zh, new", text, StringComparison.Ordinal);
        // The ISO date becomes a Stata date and the dataset is saved as .dta.
        Assert.Contains("generate long date = date(date_text, \"YMD\")", text, StringComparison.Ordinal);
        Assert.Contains("format date %td", text, StringComparison.Ordinal);
        Assert.EndsWith("save \"dataset.dta\", replace\n", text, StringComparison.Ordinal);
        // Every label line is a balanced string literal with no unescaped macro characters.
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("label ", StringComparison.Ordinal)))
        {
            Assert.True(line.Count(ch => ch == '"') % 2 == 0, line);
            Assert.DoesNotMatch(@"(?<!\\)[`$]", line);
        }
        // Variable labels fit Stata's 80 characters.
        foreach (Match m in Regex.Matches(text, "^label variable \\S+ \"(.*)\"$", RegexOptions.Multiline))
        {
            Assert.True(m.Groups[1].Value.Length <= DatasetStata.MaxVariableLabel, m.Value);
        }
    }

    [Fact]
    public void Extra_numeric_columns_of_the_labeled_csv_stay_numbers()
    {
        var dir = ExportFixture.TempDir();
        var path = Path.Combine(dir, "labeled.csv");
        var lines = File.ReadAllLines(ExportFixture.Labeled);
        // classify also writes an uncertainty column; give each row its line number as a value.
        File.WriteAllLines(path, lines.Select((l, i) => l + "," + (i == 0 ? "uncertainty" : (i / 100.0).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var ds = ExportDatasetBuilder.Build(DocumentsJsonl.Read(ExportFixture.Documents), LabelTable.Read(path, false));
        var col = ds.Columns.Select((c, i) => (c, i)).Single(x => x.c.Name == "pred_uncertainty");
        Assert.Equal(ColumnKind.Number, col.c.Kind);
        Assert.All(ds.Rows, r => Assert.IsType<double>(r[col.i]));
    }

    [Theory]
    [InlineData("say \"hi\"", "\"say \u201Dhi\u201D\"")]
    [InlineData("cost $5 `x'", "\"cost \\$5 \\`x'\"")]
    [InlineData("two\nlines", "\"two lines\"")]
    public void Stata_strings_are_escaped(string raw, string expected) => Assert.Equal(expected, DatasetStata.Quote(raw));
}
