using System.Text;
using DocumentFormat.OpenXml.Spreadsheet;
using PolicyMiner.Classification;

namespace PolicyMiner.Tests.Classification;

/// <summary>
/// The coding sheet on the committed sample regulations (real State Council texts), coded by the default codebook's
/// seed words (<c>classify --seed-words</c>): type (multiclass, 4 codes) and fields (multi-label, 9 codes).
/// </summary>
public class CodingSheetTests
{
    private static string Sample => Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");

    private static Codebook Book { get; } = Codebook.Load(Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json"));

    private static IReadOnlyList<InputDocument> Docs { get; } = InputDocuments.Read(Path.Combine(Sample, "new")).Documents;

    private static IReadOnlyList<DocumentPrediction> Predictions { get; } = new SeedWordClassifier(Book).Classify(Docs);

    internal static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-sheet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string WriteSheet(string name = "coding.xlsx")
    {
        var path = Path.Combine(TempDir(), name);
        CodingSheet.Write(path, Book, Docs, Predictions);
        return path;
    }

    private static readonly string[] FieldCodes = ["economic", "ecological", "transport", "public_services", "science_technology", "culture_tourism", "security", "agriculture", "governance"];

    private static List<string> ExpectedHeader() =>
    [
        "doc_id", "file", "title", "excerpt",
        "type_machine", "type_machine_prob", "type_evidence",
        "fields_machine", "fields_machine_prob", "fields_evidence",
        "type", .. FieldCodes.Select(c => "fields_" + c),
        "coder", "status",
    ];

    [Fact]
    public void Xlsx_sheet_has_the_columns_prefilled_codes_and_drop_downs()
    {
        var path = WriteSheet();
        using var sheet = new SheetEditor(path, editable: false);
        Assert.Equal(ExpectedHeader(), sheet.Header);
        var names = sheet.Document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["coding", "codebook"], names);
        Assert.Equal(Docs.Count + 1, sheet.Rows().Count());
        foreach (var p in Predictions)
        {
            var doc = Docs.Single(d => d.Id == p.DocId);
            Assert.Equal(doc.Title ?? "", sheet.Get(p.DocId, "title"));
            Assert.Equal("machine", sheet.Get(p.DocId, "status"));
            Assert.Equal("", sheet.Get(p.DocId, "coder"));
            Assert.Equal(string.Join(";", p.Tasks["fields"].Labels), sheet.Get(p.DocId, "fields_machine"));
            // The one editable place is pre-filled with the machine's codes.
            Assert.Equal(p.Tasks["type"].First() ?? "", sheet.Get(p.DocId, "type"));
            foreach (var code in FieldCodes)
            {
                Assert.Equal(p.Tasks["fields"].Labels.Contains(code) ? "1" : "0", sheet.Get(p.DocId, "fields_" + code));
            }
            var excerpt = sheet.Get(p.DocId, "excerpt");
            Assert.InRange(excerpt.Length, 20, 201);
            Assert.DoesNotContain('\n', excerpt);
            Assert.DoesNotContain("<!--", excerpt, StringComparison.Ordinal);
        }

        var validations = sheet.Worksheet.Descendants<DataValidation>().ToDictionary(v => v.SequenceOfReferences!.InnerText!, v => v);
        var last = Docs.Count + 1;
        var type = validations[$"{sheet.Letter("type")}2:{sheet.Letter("type")}{last}"];
        Assert.Equal(DataValidationValues.List, type.Type!.Value);
        Assert.Equal("\"" + string.Join(",", Book.Find("type")!.Codes) + "\"", type.Formula1!.Text);
        foreach (var code in FieldCodes)
        {
            var col = sheet.Letter("fields_" + code);
            Assert.Equal("\"0,1\"", validations[$"{col}2:{col}{last}"].Formula1!.Text);
        }
        Assert.Equal("\"machine,coded\"", validations[$"{sheet.Letter("status")}2:{sheet.Letter("status")}{last}"].Formula1!.Text);
        Assert.Equal(1 + FieldCodes.Length + 1, validations.Count);
        // Valid against the Office Open XML schema (what Excel checks before it offers to "repair" a file).
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(sheet.Document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        // Header row (and doc_id) frozen.
        var pane = sheet.Worksheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(1.0, pane.VerticalSplit!.Value);
    }

    [Fact]
    public void Codebook_sheet_lists_every_code_with_names_and_definition()
    {
        var path = WriteSheet();
        var rows = ReadSheet(path, "codebook");
        Assert.Equal(["task", "kind", "code", "zh", "en", "definition"], rows[0]);
        foreach (var task in Book.Tasks)
        {
            foreach (var label in task.Labels)
            {
                var row = rows.Single(r => r[0] == task.Name && r.Count > 2 && r[2] == label.Code);
                Assert.Equal([task.Name, task.Kind, label.Code, label.Zh ?? "", label.En ?? "", label.Definition ?? ""], row.Concat(Enumerable.Repeat("", 6 - row.Count)));
            }
        }
    }

    [Fact]
    public void Code_list_over_255_characters_goes_to_a_hidden_sheet()
    {
        var codes = Enumerable.Range(1, 30).Select(i => $"policy_area_{i:00}").ToList();
        var book = new Codebook { Tasks = [new CodebookTask { Name = "area", Kind = "multiclass", Labels = codes.Select(c => new CodebookLabel { Code = c }).ToList() }] };
        Assert.True(string.Join(",", codes).Length > 255);
        var path = Path.Combine(TempDir(), "long.xlsx");
        CodingSheet.Write(path, book, Docs, null);
        using var sheet = new SheetEditor(path, editable: false);
        var lists = sheet.Document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "lists");
        Assert.Equal(SheetStateValues.Hidden, lists.State!.Value);
        var validation = sheet.Worksheet.Descendants<DataValidation>().Single(v => v.SequenceOfReferences!.InnerText!.StartsWith(sheet.Letter("area"), StringComparison.Ordinal));
        Assert.Equal("lists!$A$2:$A$31", validation.Formula1!.Text);
        Assert.Equal(["area", .. codes], ReadSheet(path, "lists").Select(r => r[0]));
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(sheet.Document));
        // Without predictions the editable cells are empty and every row waits for a coder.
        Assert.All(Docs, d => Assert.Equal("", sheet.Get(d.Id, "area")));
        Assert.All(Docs, d => Assert.Equal("machine", sheet.Get(d.Id, "status")));
    }

    [Fact]
    public void Csv_sheet_has_the_same_columns_and_a_bom()
    {
        var path = WriteSheet("coding.csv");
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var table = InputDocuments.ReadCsvRows(path);
        Assert.Equal(ExpectedHeader(), table.Header);
        Assert.Equal(Docs.Count, table.Rows.Count);
    }

    [Fact]
    public void Only_rows_a_person_coded_are_read_with_their_edited_codes()
    {
        var path = WriteSheet();
        var (a, b, c) = (Docs[0].Id, Docs[1].Id, Docs[2].Id);
        var newType = Book.Find("type")!.Codes.First(t => t != Predictions[0].Tasks["type"].First());
        var flipped = Predictions[1].Tasks["fields"].Labels.Contains("economic") ? "0" : "1";
        using (var sheet = new SheetEditor(path))
        {
            sheet.Set(a, "type", newType);
            sheet.Set(a, "status", "coded");
            sheet.Set(a, "coder", "Li");
            sheet.Set(b, "fields_economic", flipped);
            sheet.Set(b, "status", "已审核");
            // Seed words leave type empty when no seed word occurs; a coded row needs every task coded.
            foreach (var (doc, i) in new[] { (b, 1), (c, 2) })
            {
                if (Predictions[i].Tasks["type"].First() is null)
                {
                    sheet.Set(doc, "type", "complementary");
                }
            }
            sheet.Set(c, "status", "Coded");
        }
        var set = CodedLabels.Read([path], Book, []);
        Assert.Equal(new[] { a, b, c }.Order(StringComparer.Ordinal), set.Rows.Select(r => r.Key));
        Assert.Equal([newType], set.Rows.Single(r => r.Key == a).Codes["type"]);
        var bFields = Predictions[1].Tasks["fields"].Labels.ToHashSet();
        if (flipped == "1")
        {
            bFields.Add("economic");
        }
        else
        {
            bFields.Remove("economic");
        }
        Assert.Equal(bFields.Order(StringComparer.Ordinal), set.Rows.Single(r => r.Key == b).Codes["fields"].Order(StringComparer.Ordinal));
        // An unedited coded row keeps the machine's codes: a person confirmed them.
        Assert.Equal(Predictions[2].Tasks["fields"].Labels.Order(StringComparer.Ordinal), set.Rows.Single(r => r.Key == c).Codes["fields"].Order(StringComparer.Ordinal));
        var summary = Assert.Single(set.Files);
        Assert.Equal(("coding sheet", 3, Docs.Count - 3), (summary.Kind, summary.Coded, summary.MachineSkipped));
    }

    [Fact]
    public void Edited_row_left_at_status_machine_is_an_error_naming_sheet_row_and_column()
    {
        var path = WriteSheet();
        var doc = Docs[3].Id;
        string letter;
        uint row;
        using (var sheet = new SheetEditor(path))
        {
            var other = Book.Find("type")!.Codes.First(t => t != Predictions[3].Tasks["type"].First());
            sheet.Set(doc, "type", other);
            letter = sheet.Letter("type");
            row = sheet.RowOf(doc);
        }
        var ex = Assert.Throws<InvalidDataException>(() => CodedLabels.Read([path], Book, []));
        Assert.Contains($"{path}, sheet 'coding', row {row}, column 'type' ({letter})", ex.Message, StringComparison.Ordinal);
        Assert.Contains("codes edited but status still 'machine'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("set status to coded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coded_row_with_an_empty_code_or_a_bad_flag_is_an_error_naming_each_cell()
    {
        var path = WriteSheet();
        var doc = Docs[4].Id;
        uint row;
        using (var sheet = new SheetEditor(path))
        {
            sheet.Set(doc, "type", "");
            sheet.Set(doc, "fields_security", "yes");
            sheet.Set(doc, "status", "coded");
            sheet.Set(Docs[5].Id, "type", "treaty");
            sheet.Set(Docs[5].Id, "status", "coded");
            sheet.Set(Docs[6].Id, "status", "done");
            row = sheet.RowOf(doc);
        }
        var ex = Assert.Throws<InvalidDataException>(() => CodedLabels.Read([path], Book, []));
        Assert.Contains($"row {row}, column 'type'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the row is coded but the code is empty", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"row {row}, column 'fields_security'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'yes' is not 0 or 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'treaty' is not a code of 'type'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown status 'done'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_sheet_reads_coded_rows_and_without_a_codebook_infers_the_tasks()
    {
        var path = WriteSheet("coding.csv");
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        // Line 2 is the first document: mark it coded by replacing its trailing status.
        Assert.EndsWith(",machine", lines[1], StringComparison.Ordinal);
        lines[1] = lines[1][..^",machine".Length] + ",coded";
        File.WriteAllLines(path, lines, new UTF8Encoding(true));
        var set = CodedLabels.Read([path], null, []);
        Assert.Equal(Docs[0].Id, Assert.Single(set.Rows).Key);
        Assert.Equal(TaskKind.Multilabel, set.Codebook.Find("fields")!.TaskKind);
        Assert.Equal(FieldCodes, set.Codebook.Find("fields")!.Codes);
        Assert.Equal(TaskKind.Multiclass, set.Codebook.Find("type")!.TaskKind);
        Assert.Equal(Predictions[0].Tasks["fields"].Labels.Order(StringComparer.Ordinal), set.Rows[0].Codes["fields"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Sheet_whose_machine_columns_were_deleted_still_skips_machine_rows()
    {
        var path = Path.Combine(TempDir(), "trimmed.csv");
        File.WriteAllText(path, "doc_id,type,coder,status\nR1,complementary,,machine\nR2,distributive,Li,coded\n");
        var set = CodedLabels.Read([path], Book, []);
        var row = Assert.Single(set.Rows);
        Assert.Equal(("R2", "distributive"), (row.Key, row.Codes["type"][0]));
        Assert.Equal(1, Assert.Single(set.Files).MachineSkipped);
    }

    [Fact]
    public void A_policy_tables_own_status_column_does_not_make_it_a_coding_sheet()
    {
        var path = Path.Combine(TempDir(), "coded.csv");
        File.WriteAllText(path, "doc_id,type,status\nR1,complementary,有效\nR2,distributive,失效\n");
        var set = CodedLabels.Read([path], Book, []);
        Assert.Equal(["R1", "R2"], set.Rows.Select(r => r.Key));
        Assert.Equal("coded table", Assert.Single(set.Files).Kind);
    }

    [Fact]
    public void Labeled_csv_from_classify_is_refused_as_labels()
    {
        var path = Path.Combine(TempDir(), "labeled.csv");
        LabeledCsv.Write(path, Book, Predictions);
        var ex = Assert.Throws<InvalidDataException>(() => CodedLabels.Read([path], Book, []));
        Assert.Contains("machine output", ex.Message, StringComparison.Ordinal);
        Assert.Contains("classify … --sheet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sheet_with_no_coded_row_says_to_set_status_coded()
    {
        var path = WriteSheet();
        var ex = Assert.Throws<InvalidDataException>(() => CodedLabels.Read([path], Book, []));
        Assert.Contains($"every coding-sheet row still has status machine ({Docs.Count} rows)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Excerpt_is_one_line_without_the_title_or_markup()
    {
        var doc = new InputDocument("d", null, "标题", "# 标题\n\n<!-- INFO END -->\n## 第一章 总则\n第一条  为了\r\n规范管理。" + new string('字', 300));
        var excerpt = CodingSheet.Excerpt(doc, 200);
        Assert.StartsWith("第一章 总则 第一条 为了 规范管理。", excerpt, StringComparison.Ordinal);
        Assert.Equal(201, excerpt.Length);
        Assert.EndsWith("…", excerpt, StringComparison.Ordinal);
    }

    private static List<List<string>> ReadSheet(string path, string name)
    {
        using var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(path, false);
        var book = doc.WorkbookPart!;
        var sheet = book.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        var part = (DocumentFormat.OpenXml.Packaging.WorksheetPart)book.GetPartById(sheet.Id!.Value!);
        return part.Worksheet.Descendants<Row>().Select(r =>
        {
            var cells = new List<string>();
            foreach (var c in r.Elements<Cell>())
            {
                var col = c.CellReference!.Value![0] - 'A';
                while (cells.Count < col)
                {
                    cells.Add("");
                }
                cells.Add(c.InnerText);
            }
            return cells;
        }).ToList();
    }
}

internal static class TaskPredictionExtensions
{
    /// <summary>The first (multiclass: the only) label, or null.</summary>
    public static string? First(this TaskPrediction prediction) => prediction.Labels.Count > 0 ? prediction.Labels[0] : null;
}
