using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PolicyMiner.Classification;

namespace PolicyMiner.Sharding;

/// <summary>
/// Joins the shards' <c>.xlsx</c> coding sheets: the first shard's workbook is the template (styles, codebook and code
/// list sheets are the same in every shard of one model and codebook), its coding sheet gets the rows of all shards in
/// doc_id order (the order <c>classify --sheet</c> writes), renumbered, and the parts that name the last row (the
/// auto-filter, the drop-down ranges, the filter's defined name) are set to the joined row count, as
/// <see cref="CodingSheetXlsx"/> sets them for one classify. A coding sheet is for people, so it is read whole.
/// </summary>
internal static class XlsxSheetJoin
{
    public static void Join(IReadOnlyList<ShardFolder> parts, IReadOnlyList<string> sheets, string output, int n)
    {
        var rows = sheets.Select(ReadRows).ToList();
        string? previousId = null;
        var merged = SortedMerge.Merge(rows, Comparer<(string DocId, Row Row)>.Create((a, b) => string.CompareOrdinal(a.DocId, b.DocId)));
        using var buffer = new MemoryStream();
        using (var template = File.OpenRead(sheets[0]))
        {
            template.CopyTo(buffer);
        }
        // no auto-save: only the coding sheet's part is written again; the workbook part keeps its bytes but for the filter's last row
        using (var doc = SpreadsheetDocument.Open(buffer, isEditable: true, new OpenSettings { AutoSave = false }))
        {
            var book = doc.WorkbookPart!;
            var (part, data) = CodingData(book, sheets[0]);
            var header = data.Elements<Row>().First();
            foreach (var row in data.Elements<Row>().Skip(1).ToList())
            {
                row.Remove();
            }
            uint r = 1;
            foreach (var ((docId, row), source) in merged)
            {
                ShardMerge.Own(parts[source], docId, sheets[source], ref previousId, docId, n);
                r++;
                var copy = (Row)row.CloneNode(true);
                copy.RowIndex = r;
                foreach (var cell in copy.Elements<Cell>())
                {
                    cell.CellReference = Letters(cell.CellReference?.Value) + r.ToString(CultureInfo.InvariantCulture);
                }
                data.AppendChild(copy);
            }
            var count = (int)r - 1;
            var lastColumn = CodingSheetXlsx.ColumnLetters(header.Elements<Cell>().Count() - 1);
            var lastRow = Math.Max(2, count + 1).ToString(CultureInfo.InvariantCulture);
            if (part.Worksheet.GetFirstChild<AutoFilter>() is { } filter)
            {
                filter.Reference = $"A1:{lastColumn}{(count + 1).ToString(CultureInfo.InvariantCulture)}";
            }
            foreach (var validation in part.Worksheet.Descendants<DataValidation>())
            {
                var column = Letters(validation.SequenceOfReferences?.InnerText);
                validation.SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{column}2:{column}{lastRow}" };
            }
            part.Worksheet.Save();
            // the filter's defined name, edited in the XML as written (the SDK would re-serialise the workbook's namespaces differently)
            string workbook;
            using (var reader = new StreamReader(book.GetStream(FileMode.Open, FileAccess.Read)))
            {
                workbook = reader.ReadToEnd();
            }
            var filterName = $"'{CodingSheet.SheetName}'!$A$1:${lastColumn}$";
            workbook = System.Text.RegularExpressions.Regex.Replace(workbook, System.Text.RegularExpressions.Regex.Escape(filterName) + "[0-9]+",
                filterName + (count + 1).ToString(CultureInfo.InvariantCulture), System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(5));
            using var edited = new MemoryStream(new System.Text.UTF8Encoding(false).GetBytes(workbook));
            book.FeedData(edited);
        }
        Export.DatasetXlsx.SaveReproducibly(output, buffer);
    }

    // The data rows of a shard's coding sheet with their doc_ids (column A, an inline string as CodingSheetXlsx writes it).
    private static List<(string DocId, Row Row)> ReadRows(string path)
    {
        try
        {
            using var doc = SpreadsheetDocument.Open(path, isEditable: false);
            var (_, data) = CodingData(doc.WorkbookPart!, path);
            return [.. data.Elements<Row>().Skip(1).Select(row => (DocId(row, path), (Row)row.CloneNode(true)))];
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException)
        {
            throw new InvalidDataException($"{path}: not a coding sheet written by classify --sheet ({ex.Message}). Run that shard's classify --sheet again.", ex);
        }
    }

    private static (WorksheetPart Part, SheetData Data) CodingData(WorkbookPart book, string path)
    {
        var sheet = book.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault(s => s.Name?.Value == CodingSheet.SheetName)
            ?? throw new InvalidDataException($"{path}: no '{CodingSheet.SheetName}' sheet; it is not a coding sheet written by classify --sheet. Run that shard's classify --sheet again.");
        var part = (WorksheetPart)book.GetPartById(sheet.Id!.Value!);
        return (part, part.Worksheet.GetFirstChild<SheetData>()!);
    }

    private static string DocId(Row row, string path) =>
        row.Elements<Cell>().FirstOrDefault(c => Letters(c.CellReference?.Value) == "A")?.InlineString?.InnerText is { Length: > 0 } id
            ? id
            : throw new InvalidDataException($"{path}: row {row.RowIndex?.Value} of the coding sheet has no doc_id. Run that shard's classify --sheet again.");

    // "AB12" → "AB"
    private static string Letters(string? reference) => new((reference ?? "").TakeWhile(char.IsAsciiLetter).ToArray());
}
