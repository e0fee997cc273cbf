using System.Globalization;
using System.IO.Compression;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace PolicyMiner.Export;

/// <summary>
/// Writes the dataset as an Excel workbook (OpenXml), one table per sheet: <c>data</c> (one row per document, numbers
/// as numbers, full dates as real dates formatted yyyy-mm-dd — a month or year alone stays text —, text as inline
/// strings, never formulas), <c>codebook</c> (every variable with its type, English and Chinese label and value
/// labels) and <c>task_labels</c> (every task's labels with zh/en names, when there are tasks). Zip entry times are
/// fixed so the same data gives a byte-identical file.
/// </summary>
public static class DatasetXlsx
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="dataset"/> to <paramref name="path"/> atomically.</summary>
    /// <remarks>
    /// The OpenXML SDK keeps every part of a package uncompressed in memory until the package is saved, and it
    /// refuses a write-only stream, so a 100,000-row data sheet cost hundreds of megabytes (issue 15, memory in
    /// corpus size). The SDK therefore builds the small parts (content types, relationships, workbook, styles, the
    /// codebook and task_labels sheets) with an empty data sheet; the package is then copied entry by entry into a
    /// streaming zip, and the data sheet's XML is written there row by row (<see cref="WriteDataSheet"/>, the same
    /// XML the SDK's OpenXmlWriter wrote — a test compares them).
    /// </remarks>
    public static void Write(string path, ExportDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var buffer = new MemoryStream();
        string dataEntry;
        using (var doc = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            // Fixed relationship ids (the defaults are random) so the same data gives the same bytes.
            var book = doc.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rId1");
            book.Workbook = new Workbook();
            AddStyles(book);
            var sheets = book.Workbook.AppendChild(new Sheets());
            dataEntry = AddSheet(book, sheets, 1, "data", []).Uri.OriginalString.TrimStart('/');
            AddSheet(book, sheets, 2, "codebook", CodebookRows(dataset));
            if (dataset.Tasks.Count > 0)
            {
                AddSheet(book, sheets, 3, "task_labels", TaskLabelRows(dataset));
            }
            book.Workbook.Save();
        }
        buffer.Position = 0;
        AtomicFile.WriteStream(path, stream =>
        {
            using var source = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
            using var target = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var entry in source.Entries)
            {
                // Entries the SDK stored uncompressed (_rels/.rels) stay stored; entry times are fixed for reproducible bytes.
                var copy = target.CreateEntry(entry.FullName, entry.CompressedLength >= entry.Length && entry.Length > 0 ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                copy.LastWriteTime = FixedTime;
                using var output = copy.Open();
                if (string.Equals(entry.FullName, dataEntry, StringComparison.Ordinal))
                {
                    WriteDataSheet(output, DataRows(dataset));
                }
                else
                {
                    using var input = entry.Open();
                    input.CopyTo(output);
                }
            }
        });
    }

    private const string SpreadsheetNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>
    /// Writes a worksheet's XML row by row with <see cref="XmlWriter"/>: the elements, attributes (in schema order r, s,
    /// t), prefix and settings the SDK's OpenXmlWriter used in <see cref="AddSheet"/>, so the XML is the same.
    /// </summary>
    internal static void WriteDataSheet(Stream stream, IEnumerable<IReadOnlyList<object?>> rows)
    {
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), CloseOutput = false });
        xml.WriteStartDocument();
        xml.WriteStartElement("x", "worksheet", SpreadsheetNs);
        xml.WriteStartElement("x", "sheetData", SpreadsheetNs);
        uint r = 0;
        foreach (var values in rows)
        {
            r++;
            var rowNumber = r.ToString(CultureInfo.InvariantCulture);
            xml.WriteStartElement("x", "row", SpreadsheetNs);
            xml.WriteAttributeString("r", rowNumber);
            for (var i = 0; i < values.Count; i++)
            {
                switch (values[i])
                {
                    case null:
                        break;
                    case long l:
                        ValueCell(xml, ColumnLetters(i) + rowNumber, null, l.ToString(CultureInfo.InvariantCulture));
                        break;
                    case DateCell dc:
                        ValueCell(xml, ColumnLetters(i) + rowNumber, DateStyle, SerialDay(dc.Date).ToString(CultureInfo.InvariantCulture));
                        break;
                    case double d when double.IsFinite(d):
                        ValueCell(xml, ColumnLetters(i) + rowNumber, null, d.ToString("R", CultureInfo.InvariantCulture));
                        break;
                    default:
                        var text = ExportDataset.FormatCell(values[i]);
                        if (text.Length == 0)
                        {
                            break;
                        }
                        xml.WriteStartElement("x", "c", SpreadsheetNs);
                        xml.WriteAttributeString("r", ColumnLetters(i) + rowNumber);
                        xml.WriteAttributeString("t", "inlineStr");
                        xml.WriteStartElement("x", "is", SpreadsheetNs);
                        xml.WriteStartElement("x", "t", SpreadsheetNs);
                        xml.WriteAttributeString("xml", "space", null, "preserve");
                        xml.WriteString(XmlSafe(text.Length > 32767 ? text[..32767] : text));
                        xml.WriteEndElement();
                        xml.WriteEndElement();
                        xml.WriteEndElement();
                        break;
                }
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    // A number cell: <c r=".." s=".."> for a date (style), <c r=".." t="n"> for a number, then <v>.
    private static void ValueCell(XmlWriter xml, string reference, uint? style, string value)
    {
        xml.WriteStartElement("x", "c", SpreadsheetNs);
        xml.WriteAttributeString("r", reference);
        if (style is { } s)
        {
            xml.WriteAttributeString("s", s.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            xml.WriteAttributeString("t", "n");
        }
        xml.WriteElementString("x", "v", SpreadsheetNs, value);
        xml.WriteEndElement();
    }

    // Excel's serial day number (1900 date system: day 0 = 1899-12-30 for dates after March 1900).
    private static int SerialDay(DateOnly date) => date.DayNumber - new DateOnly(1899, 12, 30).DayNumber;

    /// <summary>
    /// Writes a workbook built in <paramref name="buffer"/> to <paramref name="path"/> atomically, with every zip entry's
    /// time fixed (System.IO.Packaging stamps the current time), so the same content gives the same bytes.
    /// </summary>
    internal static void SaveReproducibly(string path, MemoryStream buffer)
    {
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries)
            {
                entry.LastWriteTime = FixedTime;
            }
        }
        AtomicFile.WriteStream(path, stream => stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>An inline-string cell: cut to Excel's 32,767 characters, control characters XML forbids made spaces.</summary>
    internal static Cell TextCell(string reference, string text, uint style = 0) => new()
    {
        CellReference = reference,
        DataType = CellValues.InlineString,
        InlineString = new InlineString(new Text(XmlSafe(text.Length > 32767 ? text[..32767] : text)) { Space = SpaceProcessingModeValues.Preserve }),
        StyleIndex = style == 0 ? null : style,
    };

    // Style 1 of the workbook: a date shown as yyyy-mm-dd (custom number format 164).
    private const uint DateStyle = 1;

    /// <summary>A full ISO date (yyyy-mm-dd) in a cell becomes a real date; anything else stays as it is.</summary>
    internal sealed record DateCell(DateOnly Date);

    internal static IEnumerable<IReadOnlyList<object?>> DataRows(ExportDataset dataset)
    {
        yield return dataset.Columns.Select(c => (object?)c.Name).ToList();
        var date = dataset.Columns.ToList().FindIndex(c => c.Name == "date" && c.Kind == ColumnKind.Text);
        foreach (var row in dataset.Rows)
        {
            if (date >= 0 && row[date] is string s && s.Length == 10
                && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                var copy = row.ToArray();
                copy[date] = new DateCell(d);
                yield return copy;
            }
            else
            {
                yield return row;
            }
        }
    }

    private static void AddStyles(WorkbookPart book)
    {
        var styles = book.AddNewPart<WorkbookStylesPart>("rIdStyles");
        styles.Stylesheet = new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
            new Fonts(new Font()) { Count = 1 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellStyleFormats(new CellFormat()) { Count = 1 },
            new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }) { Count = 2 });
        styles.Stylesheet.Save();
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
            var type = c.Name == "date" && c.Kind == ColumnKind.Text ? "date (text when only month or year is known)"
                : c.Kind switch { ColumnKind.Text => "text", ColumnKind.WholeNumber => "integer", _ => "number" };
            yield return [c.Name, type, c.LabelEn, c.LabelZh, values];
        }
    }

    private static IEnumerable<IReadOnlyList<object?>> TaskLabelRows(ExportDataset dataset)
    {
        yield return ["task", "kind", "code", "zh", "en"];
        foreach (var t in dataset.Tasks)
        {
            foreach (var l in t.Labels)
            {
                yield return [t.Name, t.IsMultilabel ? "multilabel" : "multiclass", l.Code, l.Zh, l.En];
            }
        }
    }

    /// <summary>Adds a sheet written by the SDK's OpenXmlWriter (row by row); returns its part.</summary>
    internal static WorksheetPart AddSheet(WorkbookPart book, Sheets sheets, uint id, string name, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var part = book.AddNewPart<WorksheetPart>("rIdSheet" + id.ToString(CultureInfo.InvariantCulture));
        // Row by row through OpenXmlWriter (SAX), not a DOM of the whole sheet: a 100,000-row data sheet as a DOM took
        // gigabytes (issue 15, memory in corpus size); the XML written is the same.
        using var writer = OpenXmlWriter.Create(part, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.WriteStartDocument();
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new SheetData());
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
                    case DateCell dc:
                        row.AppendChild(new Cell { CellReference = reference, CellValue = new CellValue(SerialDay(dc.Date).ToString(CultureInfo.InvariantCulture)), StyleIndex = DateStyle });
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
                        row.AppendChild(TextCell(reference, text));
                        break;
                }
            }
            writer.WriteElement(row);
        }
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.Close();
        sheets.AppendChild(new Sheet { Id = book.GetIdOfPart(part), SheetId = id, Name = name });
        return part;
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
