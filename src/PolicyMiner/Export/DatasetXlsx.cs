using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PolicyMiner.Export;

/// <summary>
/// Writes the dataset as an Excel workbook (OpenXml): sheet 1 <c>data</c> (one row per document, numbers as
/// numbers, text as inline strings — never formulas), sheet 2 <c>codebook</c> (every variable with its type,
/// English and Chinese label and value labels, then every task label). Zip entry times are fixed so the same
/// data gives a byte-identical file.
/// </summary>
public static class DatasetXlsx
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="dataset"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ExportDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var buffer = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            // Fixed relationship ids (the defaults are random) so the same data gives the same bytes.
            var book = doc.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            book.Workbook = new Workbook();
            var sheets = book.Workbook.AppendChild(new Sheets());
            AddSheet(book, sheets, 1, "data", DataRows(dataset));
            AddSheet(book, sheets, 2, "codebook", CodebookRows(dataset));
            book.Workbook.Save();
        }
        // System.IO.Packaging stamps entries with the current time; fix them for reproducible output.
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries)
            {
                entry.LastWriteTime = FixedTime;
            }
        }
        AtomicFile.WriteStream(path, stream => stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static IEnumerable<IReadOnlyList<object?>> DataRows(ExportDataset dataset)
    {
        yield return dataset.Columns.Select(c => (object?)c.Name).ToList();
        foreach (var row in dataset.Rows)
        {
            yield return row;
        }
    }

    private static IEnumerable<IReadOnlyList<object?>> CodebookRows(ExportDataset dataset)
    {
        yield return ["variable", "type", "label_en", "label_zh", "value_labels"];
        var sets = dataset.ValueLabelSets.ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var c in dataset.Columns)
        {
            var values = c.ValueLabels is { } n && sets.TryGetValue(n, out var set)
                ? string.Join("; ", set.Labels.Select(l => $"{l.Value.ToString(CultureInfo.InvariantCulture)} = {l.En} / {l.Zh}"))
                : null;
            yield return [c.Name, c.Kind switch { ColumnKind.Text => "text", ColumnKind.WholeNumber => "integer", _ => "number" }, c.LabelEn, c.LabelZh, values];
        }
        if (dataset.Tasks.Count > 0)
        {
            yield return [];
            yield return ["task", "kind", "code", "zh", "en"];
            foreach (var t in dataset.Tasks)
            {
                foreach (var l in t.Labels)
                {
                    yield return [t.Name, t.IsMultilabel ? "multilabel" : "multiclass", l.Code, l.Zh, l.En];
                }
            }
        }
    }

    private static void AddSheet(WorkbookPart book, Sheets sheets, uint id, string name, IEnumerable<IReadOnlyList<object?>> rows)
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
                var reference = ColumnLetters(i) + r.ToString(CultureInfo.InvariantCulture);
                switch (values[i])
                {
                    case null:
                        break;
                    case long l:
                        row.AppendChild(new Cell { CellReference = reference, CellValue = new CellValue(l.ToString(CultureInfo.InvariantCulture)), DataType = CellValues.Number });
                        break;
                    case double d when double.IsFinite(d):
                        row.AppendChild(new Cell { CellReference = reference, CellValue = new CellValue(d.ToString("R", CultureInfo.InvariantCulture)), DataType = CellValues.Number });
                        break;
                    default:
                        var text = ExportDataset.FormatCell(values[i]);
                        if (text.Length == 0)
                        {
                            break;
                        }
                        // Excel's cell limit is 32,767 characters.
                        text = text.Length > 32767 ? text[..32767] : text;
                        row.AppendChild(new Cell
                        {
                            CellReference = reference,
                            DataType = CellValues.InlineString,
                            InlineString = new InlineString(new Text(XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve }),
                        });
                        break;
                }
            }
            data.AppendChild(row);
        }
        part.Worksheet = new Worksheet(data);
        part.Worksheet.Save();
        sheets.AppendChild(new Sheet { Id = book.GetIdOfPart(part), SheetId = id, Name = name });
    }

    /// <summary>Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.</summary>
    internal static string ColumnLetters(int index)
    {
        var s = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            s = (char)('A' + ((n - 1) % 26)) + s;
        }
        return s;
    }

    // XML 1.0 forbids most control characters; a stray one from a PDF would make Excel reject the file.
    private static string XmlSafe(string text) =>
        text.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r'))
            ? new string(text.Select(c => c < 0x20 && c is not ('\t' or '\n' or '\r') ? ' ' : c).ToArray())
            : text;
}
