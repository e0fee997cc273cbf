using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PolicyMiner.Extraction;

namespace PolicyMiner.Classification;

/// <summary>A document to train on or classify.</summary>
/// <param name="Id">doc_id (file name without extension for folders, the record id for documents.jsonl, the doc_id column for tables).</param>
/// <param name="File">Source file (relative to the folder) or null.</param>
/// <param name="Title">Title if known (first heading of a Markdown/text file, the title column, the extracted title).</param>
/// <param name="Text">Body text.</param>
public sealed record InputDocument(string Id, string? File, string? Title, string Text);

/// <summary>The documents read from <c>--docs</c> plus warnings about what was skipped.</summary>
/// <param name="Documents">Documents sorted by id (ordinal).</param>
/// <param name="Warnings">What was skipped and why.</param>
public sealed record InputDocumentSet(IReadOnlyList<InputDocument> Documents, IReadOnlyList<string> Warnings)
{
    /// <summary>What the user should know that is not a problem: the encoding a CSV was read in when not UTF-8.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Reads <c>--docs</c>: a folder of .txt/.md files, a <c>documents.jsonl</c> from <c>extract</c>, or a CSV/XLSX
/// with a <c>doc_id</c> column and text columns.
/// </summary>
public static class InputDocuments
{
    private static readonly string[] TextExtensions = [".txt", ".md", ".markdown"];

    /// <summary>Reads documents from a folder, JSONL, CSV or XLSX file.</summary>
    /// <param name="path">The <c>--docs</c> argument.</param>
    /// <param name="textColumns">CSV/XLSX: text columns (the first one named <c>title</c> is the title); null = title + text.</param>
    public static InputDocumentSet Read(string path, IReadOnlyList<string>? textColumns = null)
    {
        if (Directory.Exists(path))
        {
            return ReadFolder(path);
        }
        if (!System.IO.File.Exists(path))
        {
            throw new InvalidDataException($"--docs {path}: no such file or folder. Give a folder of .txt/.md files, a documents.jsonl from `policyminer extract`, or a CSV/XLSX with a doc_id column.");
        }
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".jsonl" or ".json" => ReadJsonl(path),
            ".csv" => ReadTable(path, ReadCsvRows(path), textColumns),
            ".xlsx" => ReadTable(path, ReadXlsxRows(path), textColumns),
            ".txt" or ".md" => new InputDocumentSet([ReadTextFile(path, Path.GetFileName(path))], []),
            _ => throw new InvalidDataException($"--docs {path}: unsupported file type '{ext}'. Use a folder, documents.jsonl, .csv or .xlsx."),
        };
    }

    private static InputDocumentSet ReadFolder(string folder)
    {
        var docs = new List<InputDocument>();
        var warnings = new List<string>();
        var skipped = 0;
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!TextExtensions.Contains(Path.GetExtension(file).ToLowerInvariant()))
            {
                skipped++;
                continue;
            }
            docs.Add(ReadTextFile(file, Path.GetRelativePath(folder, file).Replace('\\', '/')));
        }
        if (skipped > 0)
        {
            warnings.Add($"{folder}: skipped {skipped} file(s) that are not .txt/.md; run `policyminer extract` on the folder and pass the documents.jsonl it writes to read PDF/DOCX/HTML too.");
        }
        return Finish(folder, docs, warnings);
    }

    private static InputDocument ReadTextFile(string file, string relative)
    {
        var text = System.IO.File.ReadAllText(file, Encoding.UTF8);
        return new InputDocument(Path.GetFileNameWithoutExtension(file), relative, FindTitle(text), text);
    }

    /// <summary>The first non-empty line when it looks like a title (a Markdown heading, or under 100 characters).</summary>
    internal static string? FindTitle(string text)
    {
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty)
            {
                continue;
            }
            if (line[0] == '#')
            {
                return line.TrimStart('#').Trim().ToString();
            }
            return line.Length <= 100 ? line.ToString() : null;
        }
        return null;
    }

    private static InputDocumentSet ReadJsonl(string path)
    {
        var docs = new List<InputDocument>();
        var warnings = new List<string>();
        foreach (var d in DocumentsJsonl.Read(path))
        {
            if (d.IsError)
            {
                warnings.Add($"{path}: {d.Path} is an error row from extract ({d.Error}); skipped.");
                continue;
            }
            docs.Add(new InputDocument(d.Id, d.Path, d.Title, d.Text));
        }
        return Finish(path, docs, warnings);
    }

    private static InputDocumentSet ReadTable(string path, TableRows table, IReadOnlyList<string>? textColumns)
    {
        var header = table.Header;
        int Col(string name) => header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        var idCol = Col("doc_id");
        if (idCol < 0)
        {
            throw new InvalidDataException($"{path}: no doc_id column; columns are: {string.Join(", ", header)}. Add a doc_id column (one unique id per document).");
        }
        IReadOnlyList<string> wanted = textColumns is { Count: > 0 }
            ? textColumns
            : header.Where(h => h.Equals("title", StringComparison.OrdinalIgnoreCase) || h.Equals("text", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (wanted.Count == 0)
        {
            throw new InvalidDataException($"{path}: no text column; name them with --text-columns (columns are: {string.Join(", ", header)}).");
        }
        var cols = new List<(string Name, int Index)>();
        foreach (var name in wanted)
        {
            var i = Col(name);
            if (i < 0)
            {
                throw new InvalidDataException($"{path}: --text-columns names '{name}', which is not a column; columns are: {string.Join(", ", header)}.");
            }
            cols.Add((name, i));
        }
        var titleCol = cols.FirstOrDefault(c => c.Name.Equals("title", StringComparison.OrdinalIgnoreCase));
        var docs = new List<InputDocument>();
        var warnings = new List<string>();
        foreach (var (line, cells) in table.Rows)
        {
            string Cell(int i) => i < cells.Count ? cells[i] : "";
            var id = Cell(idCol).Trim();
            if (id.Length == 0)
            {
                warnings.Add($"{path}: row {line} has an empty doc_id; skipped.");
                continue;
            }
            var title = titleCol.Name is null ? null : Cell(titleCol.Index);
            var body = string.Join("\n", cols.Where(c => c.Name != titleCol.Name).Select(c => Cell(c.Index)).Where(s => s.Length > 0));
            docs.Add(new InputDocument(id, null, string.IsNullOrWhiteSpace(title) ? null : title, body));
        }
        return Finish(path, docs, warnings) with { Notes = table.EncodingNote is { } note ? [note] : [] };
    }

    private static InputDocumentSet Finish(string source, List<InputDocument> docs, List<string> warnings)
    {
        var duplicates = docs.GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidDataException($"{source}: doc_id values must be unique; repeated: {string.Join(", ", duplicates.Take(10))}{(duplicates.Count > 10 ? ", …" : "")}.");
        }
        if (docs.Count == 0)
        {
            throw new InvalidDataException($"{source}: no documents found.");
        }
        docs.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return new InputDocumentSet(docs, warnings);
    }

    /// <summary>A table's header and data rows with their 1-based line (CSV) or row (XLSX) numbers.</summary>
    /// <param name="Header">Column names, trimmed.</param>
    /// <param name="Rows">Non-blank data rows.</param>
    /// <param name="EncodingNote">CSV not read as UTF-8: which encoding was used (a line for stderr); else null.</param>
    internal sealed record TableRows(List<string> Header, List<(int Line, List<string> Cells)> Rows, string? EncodingNote = null);

    /// <summary>Reads a CSV (encoding detected as <c>extract</c> does: BOM, UTF-8, GB18030, Big5) into header + rows (blank rows skipped).</summary>
    internal static TableRows ReadCsvRows(string path, string what = "--docs")
    {
        var file = CsvFile.Read(path, what);
        return new TableRows(file.Header, file.Rows, file.EncodingNote);
    }

    /// <summary>Reads the first worksheet of an XLSX into header + rows.</summary>
    internal static TableRows ReadXlsxRows(string path)
    {
        SpreadsheetDocument doc;
        try
        {
            doc = SpreadsheetDocument.Open(path, isEditable: false);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException)
        {
            throw new InvalidDataException($"{path}: not a readable .xlsx workbook ({ex.Message}). Save it again from Excel as .xlsx, or export it as CSV (UTF-8).", ex);
        }
        using (doc)
        {
            var wb = doc.WorkbookPart ?? throw new InvalidDataException($"{path}: the workbook has no sheets.");
            var sheet = wb.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException($"{path}: the workbook has no sheets.");
            var part = (WorksheetPart)wb.GetPartById(sheet.Id!.Value!);
            var shared = wb.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
            var all = new List<(int, List<string>)>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var cells = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var col = ColumnIndex(cell.CellReference?.Value);
                    while (col >= 0 && cells.Count < col)
                    {
                        cells.Add("");
                    }
                    cells.Add(CellText(cell, shared));
                }
                all.Add(((int)(row.RowIndex?.Value ?? (uint)(all.Count + 1)), cells));
            }
            if (all.Count == 0)
            {
                throw new InvalidDataException($"{path}: the first sheet is empty (expected a header row).");
            }
            var header = all[0].Item2.Select(h => h.Trim()).ToList();
            return new TableRows(header, all.Skip(1).Where(r => !r.Item2.All(string.IsNullOrWhiteSpace)).ToList());
        }
    }

    private static string CellText(Cell cell, string[] shared)
    {
        var value = cell.CellValue?.Text ?? "";
        if (cell.DataType?.Value == CellValues.SharedString && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Length)
        {
            return shared[i];
        }
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }
        return value;
    }

    private static int ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return -1;
        }
        var n = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }
            n = n * 26 + (c - 'A' + 1);
        }
        return n - 1;
    }
}
