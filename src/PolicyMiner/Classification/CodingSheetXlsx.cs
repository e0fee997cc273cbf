using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PolicyMiner.Classification;

/// <summary>
/// The <c>.xlsx</c> form of the coding sheet (OpenXml): sheet <c>coding</c> with a frozen header row and doc_id
/// column, an auto-filter, the editable columns shaded, and list data validations (drop-downs) on them; sheet
/// <c>codebook</c> with every code's names and definition; a hidden sheet <c>lists</c> holding code lists too long
/// for an inline list (Excel caps an inline list formula at 255 characters). Text is written as inline strings, never
/// formulas; zip entry times are fixed so the same input gives the same bytes.
/// </summary>
internal static class CodingSheetXlsx
{
    // Excel rejects an inline list ("a,b,c") longer than 255 characters; longer lists live in a hidden sheet.
    internal const int InlineListLimit = 255;
    private const string ListsSheet = "lists";
    private const string CodebookSheet = "codebook";

    // Cell formats of the stylesheet below.
    private const uint StyleHeader = 1;
    private const uint StyleEditable = 2;
    private const uint StyleEditableHeader = 3;
    private const uint StyleProbability = 4;

    public static void Write(string path, Codebook codebook, SheetLayout layout)
    {
        using var buffer = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            book.Workbook = new Workbook();
            var styles = book.AddNewPart<WorkbookStylesPart>("rIdStyles");
            styles.Stylesheet = Stylesheet();
            styles.Stylesheet.Save();
            var sheets = book.Workbook.AppendChild(new Sheets());

            // Code lists too long for an inline list formula go to the hidden sheet, one column per task.
            var lists = new List<(string Name, IReadOnlyList<string> Codes)>();
            var formulas = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var task in codebook.Tasks.Where(t => t.TaskKind == TaskKind.Multiclass))
            {
                var inline = "\"" + string.Join(",", task.Codes) + "\"";
                if (inline.Length <= InlineListLimit)
                {
                    formulas[task.Name] = inline;
                    continue;
                }
                var letter = ColumnLetters(lists.Count);
                lists.Add((task.Name, task.Codes));
                formulas[task.Name] = $"{ListsSheet}!${letter}$2:${letter}${task.Codes.Count + 1}";
            }

            AddCodingSheet(book, sheets, layout, formulas);
            AddSimpleSheet(book, sheets, 2, CodebookSheet, CodebookRows(codebook), [14, 12, 22, 18, 24, 80], hidden: false);
            if (lists.Count > 0)
            {
                var rows = new List<IReadOnlyList<string?>> { lists.Select(l => (string?)l.Name).ToList() };
                for (var i = 0; i < lists.Max(l => l.Codes.Count); i++)
                {
                    rows.Add(lists.Select(l => i < l.Codes.Count ? l.Codes[i] : null).ToList());
                }
                AddSimpleSheet(book, sheets, 3, ListsSheet, rows, [], hidden: true);
            }
            // Excel shows the auto-filter buttons only when this hidden defined name exists.
            var lastColumn = ColumnLetters(layout.Columns.Count - 1);
            book.Workbook.AppendChild(new DefinedNames(new DefinedName($"'{CodingSheet.SheetName}'!$A$1:${lastColumn}${layout.Rows.Count + 1}")
            {
                Name = "_xlnm._FilterDatabase",
                LocalSheetId = 0,
                Hidden = true,
            }));
            book.Workbook.Save();
        }
        Export.DatasetXlsx.SaveReproducibly(path, buffer);
    }

    private static void AddCodingSheet(WorkbookPart book, Sheets sheets, SheetLayout layout, Dictionary<string, string> formulas)
    {
        var part = book.AddNewPart<WorksheetPart>("rIdSheet1");
        var columns = layout.Columns;
        var data = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (var i = 0; i < columns.Count; i++)
        {
            header.AppendChild(TextCell(ColumnLetters(i) + "1", columns[i].Name, columns[i].Editable ? StyleEditableHeader : StyleHeader));
        }
        data.AppendChild(header);
        uint r = 1;
        foreach (var values in layout.Rows)
        {
            r++;
            var row = new Row { RowIndex = r };
            for (var i = 0; i < columns.Count; i++)
            {
                var reference = ColumnLetters(i) + r.ToString(CultureInfo.InvariantCulture);
                var style = columns[i].Editable ? StyleEditable : columns[i].Kind == SheetColumnKind.Probability ? StyleProbability : 0u;
                var cell = values[i] switch
                {
                    long l => NumberCell(reference, l.ToString(CultureInfo.InvariantCulture), style),
                    double d => NumberCell(reference, d.ToString("R", CultureInfo.InvariantCulture), style),
                    string { Length: > 0 } s => TextCell(reference, s, style),
                    // Empty editable cells still carry their shading, so the coder sees where to write.
                    _ => style == 0 ? null : new Cell { CellReference = reference, StyleIndex = style },
                };
                if (cell is not null)
                {
                    row.AppendChild(cell);
                }
            }
            data.AppendChild(row);
        }

        var widths = new Columns();
        for (var i = 0; i < columns.Count; i++)
        {
            var n = (uint)(i + 1);
            widths.AppendChild(new Column { Min = n, Max = n, Width = Width(columns[i]), CustomWidth = true });
        }
        var lastRow = Math.Max(2, layout.Rows.Count + 1);
        var validations = new List<DataValidation>();
        for (var i = 0; i < columns.Count; i++)
        {
            var col = columns[i];
            var range = $"{ColumnLetters(i)}2:{ColumnLetters(i)}{lastRow.ToString(CultureInfo.InvariantCulture)}";
            switch (col.Kind)
            {
                case SheetColumnKind.Code:
                    validations.Add(ListValidation(range, formulas[col.Task!.Name], col.Name,
                        $"One code of '{col.Task.Name}' (see the codebook sheet). Pre-filled with the machine's code: correct it if wrong, then set status to coded."));
                    break;
                case SheetColumnKind.Flag:
                    validations.Add(ListValidation(range, "\"0,1\"", col.Name,
                        $"1 = the document has label '{col.Code}' of '{col.Task!.Name}', 0 = not. Then set status to coded."));
                    break;
                case SheetColumnKind.Status:
                    validations.Add(ListValidation(range, $"\"{CodingSheet.StatusMachine},{CodingSheet.StatusCoded}\"", col.Name,
                        "coded = a person checked this row's codes (only coded rows train the model); machine = not checked yet."));
                    break;
            }
        }
        var lastColumn = ColumnLetters(columns.Count - 1);
        var frozen = new SheetView(
            new Pane { HorizontalSplit = 1, VerticalSplit = 1, TopLeftCell = "B2", ActivePane = PaneValues.BottomRight, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomRight, ActiveCell = "B2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "B2" } })
        { TabSelected = true, WorkbookViewId = 0 };
        part.Worksheet = new Worksheet(
            new SheetViews(frozen),
            new SheetFormatProperties { DefaultRowHeight = 15 },
            widths,
            data,
            new AutoFilter { Reference = $"A1:{lastColumn}{(layout.Rows.Count + 1).ToString(CultureInfo.InvariantCulture)}" },
            new DataValidations(validations) { Count = (uint)validations.Count });
        part.Worksheet.Save();
        sheets.AppendChild(new Sheet { Id = book.GetIdOfPart(part), SheetId = 1, Name = CodingSheet.SheetName });
    }

    private static DataValidation ListValidation(string range, string formula, string column, string prompt) => new()
    {
        Type = DataValidationValues.List,
        AllowBlank = true,
        ShowInputMessage = true,
        ShowErrorMessage = true,
        // Excel limits a prompt title to 32 and a prompt to 255 characters.
        PromptTitle = Clip(column, 32),
        Prompt = Clip(prompt, 255),
        ErrorTitle = Clip(column, 32),
        Error = Clip($"Choose a value from the list for '{column}'.", 255),
        SequenceOfReferences = new ListValue<StringValue> { InnerText = range },
        Formula1 = new Formula1(formula),
    };

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static double Width(SheetColumn c) => c.Kind switch
    {
        SheetColumnKind.Info => c.Name switch { "doc_id" => 14, "file" => 22, "title" => 36, _ => 60 },
        SheetColumnKind.Machine => 18,
        SheetColumnKind.Probability => Math.Max(10, c.Name.Length + 2),
        SheetColumnKind.Evidence => 30,
        SheetColumnKind.Code => Math.Max(16, c.Task!.Codes.Max(code => code.Length) + 4),
        SheetColumnKind.Flag => Math.Max(6, c.Name.Length + 3),
        _ => 12,
    };

    private static IEnumerable<IReadOnlyList<string?>> CodebookRows(Codebook codebook)
    {
        yield return ["task", "kind", "code", "zh", "en", "definition"];
        foreach (var task in codebook.Tasks)
        {
            // The task's own line (no code) carries its coding instructions.
            yield return [task.Name, task.Kind, null, task.Zh, task.En, task.Definition];
            foreach (var label in task.Labels)
            {
                yield return [task.Name, task.Kind, label.Code, label.Zh, label.En, label.Definition];
            }
        }
    }

    private static void AddSimpleSheet(WorkbookPart book, Sheets sheets, uint id, string name, IEnumerable<IReadOnlyList<string?>> rows, double[] widths, bool hidden)
    {
        var part = book.AddNewPart<WorksheetPart>("rIdSheet" + id.ToString(CultureInfo.InvariantCulture));
        var data = new SheetData();
        uint r = 0;
        foreach (var values in rows)
        {
            r++;
            var row = new Row { RowIndex = r };
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is { Length: > 0 } s)
                {
                    row.AppendChild(TextCell(ColumnLetters(i) + r.ToString(CultureInfo.InvariantCulture), s, r == 1 ? StyleHeader : 0u));
                }
            }
            data.AppendChild(row);
        }
        var worksheet = new Worksheet();
        if (widths.Length > 0)
        {
            var cols = new Columns();
            for (var i = 0; i < widths.Length; i++)
            {
                var n = (uint)(i + 1);
                cols.AppendChild(new Column { Min = n, Max = n, Width = widths[i], CustomWidth = true });
            }
            worksheet.AppendChild(cols);
        }
        worksheet.AppendChild(data);
        part.Worksheet = worksheet;
        part.Worksheet.Save();
        var sheet = new Sheet { Id = book.GetIdOfPart(part), SheetId = id, Name = name };
        if (hidden)
        {
            sheet.State = SheetStateValues.Hidden;
        }
        sheets.AppendChild(sheet);
    }

    private static Cell NumberCell(string reference, string value, uint style) => new()
    {
        CellReference = reference,
        CellValue = new CellValue(value),
        DataType = CellValues.Number,
        StyleIndex = style == 0 ? null : style,
    };

    private static Cell TextCell(string reference, string text, uint style) => Export.DatasetXlsx.TextCell(reference, text, style);

    /// <summary>Fonts: normal, bold. Fills: none, gray125 (both required), light yellow. Formats: see the Style* constants.</summary>
    private static Stylesheet Stylesheet() => new(
        new Fonts(
            new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
            new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }))
        { Count = 2 },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFFF2CC" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
        { Count = 3 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 2, BorderId = 0, FormatId = 0, ApplyFill = true },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 2, BorderId = 0, FormatId = 0, ApplyFont = true, ApplyFill = true },
            // Built-in number format 2 = "0.00".
            new CellFormat { NumberFormatId = 2, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0, ApplyNumberFormat = true })
        { Count = 5 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    /// <summary>Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.</summary>
    internal static string ColumnLetters(int index) => Export.DatasetXlsx.ColumnLetters(index);
}
