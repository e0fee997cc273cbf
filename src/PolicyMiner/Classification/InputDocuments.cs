using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using PolicyMiner.Extraction;

namespace PolicyMiner.Classification;

/// <summary>A document to train on or classify.</summary>
/// <param name="Id">doc_id by THE identity rule (<see cref="DocumentIdentity"/>): for files the name without extension when unique, else the path relative to the input folder; the record's doc_id for documents.jsonl; the id column for tables.</param>
/// <param name="File">Source file path (as extracted or found) or null for table rows.</param>
/// <param name="Title">Title if known (the extracted title, or the title column).</param>
/// <param name="Text">Body text.</param>
public sealed record InputDocument(string Id, string? File, string? Title, string Text)
{
    /// <summary>SHA-256 of the source file's bytes (files), or of the row's title + text (tables).</summary>
    public string? Sha256 { get; init; }

    /// <summary>Date signed or issued (ISO 8601) when extraction found one.</summary>
    public string? Date { get; init; }

    /// <summary>The key the matcher knows this document by.</summary>
    public DocumentKey Key => new(Id, File, Sha256);
}

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
    /// <summary>Reads documents from a folder, JSONL, CSV or XLSX file.</summary>
    /// <param name="path">The <c>--docs</c> argument.</param>
    /// <param name="textColumns">CSV/XLSX: text columns (the first one named <c>title</c> is the title); null = title + text.</param>
    /// <param name="idColumn">CSV/XLSX: the id column (null = <c>doc_id</c>).</param>
    public static InputDocumentSet Read(string path, IReadOnlyList<string>? textColumns = null, string? idColumn = null)
    {
        if (Directory.Exists(path))
        {
            return ReadFiles([path], path);
        }
        if (!System.IO.File.Exists(path))
        {
            throw new InvalidDataException($"--docs {path}: no such file or folder. Give a folder of .txt/.md files, a documents.jsonl from `policyminer extract`, or a CSV/XLSX with a doc_id column.");
        }
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".jsonl" or ".json" => ReadJsonl(path),
            ".csv" => ReadTable(path, ReadCsvRows(path), textColumns, idColumn),
            ".xlsx" => ReadTable(path, ReadXlsxRows(path), textColumns, idColumn),
            _ when Extractor.DocumentExtensions.Contains(ext) => ReadFiles([path], path),
            _ => throw new InvalidDataException($"--docs {path}: unsupported file type '{ext}'. Use a folder of documents, one document, documents.jsonl, .csv or .xlsx."),
        };
    }

    /// <summary>
    /// Reads files and folders through the extractor — the same readers, normalisation, titles and doc_ids as
    /// <c>extract</c> and <c>run</c>, so a folder given to train/classify and its documents.jsonl give the same
    /// documents. Files that cannot be read are skipped with a warning naming them.
    /// </summary>
    private static InputDocumentSet ReadFiles(IReadOnlyList<string> inputs, string source)
    {
        var files = Extractor.CollectInputs(inputs, out var skipped);
        var extractor = new Extractor(new ExtractOptions { Ocr = OcrMode.Off });
        var records = new ExtractedDocument[files.Count];
        Parallel.For(0, files.Count, i => records[i] = extractor.ExtractInput(files[i]));
        var warnings = new List<string>();
        if (skipped.Count > 0)
        {
            warnings.Add($"{source}: skipped {skipped.Count} file(s) that are not documents ({string.Join(" ", Extractor.DocumentExtensions)}), e.g. {skipped[0]}.");
        }
        var docs = new List<InputDocument>();
        foreach (var d in records)
        {
            if (d.IsError)
            {
                warnings.Add($"{d.Path} is left out: {d.Error}");
                continue;
            }
            if (d.Quality.NeedsOcr)
            {
                warnings.Add($"{d.Path}: pages without a text layer were not OCR'd here; run `policyminer extract` (with tesseract installed) and pass its documents.jsonl for their text.");
            }
            docs.Add(Of(d));
        }
        return Finish(source, docs, warnings);
    }

    /// <summary>An extracted record as a classifier input (same id, path, title, text, hash and date).</summary>
    public static InputDocument Of(ExtractedDocument d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new InputDocument(d.DocId, d.Path, d.Title, d.Text) { Sha256 = d.Sha256, Date = d.Metadata.Date };
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
            docs.Add(Of(d));
        }
        return Finish(path, docs, warnings);
    }

    private static InputDocumentSet ReadTable(string path, TableRows table, IReadOnlyList<string>? textColumns, string? idColumn)
    {
        var header = table.Header;
        int Col(string name) => header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        var idName = idColumn ?? "doc_id";
        var idCol = Col(idName);
        if (idCol < 0)
        {
            throw new InvalidDataException(idColumn is null
                ? $"{path}: no doc_id column; columns are: {string.Join(", ", header)}. Name the id column with --id-column NAME, or add a doc_id column (one unique id per document)."
                : $"{path}: --id-column names '{idColumn}', which is not a column; columns are: {string.Join(", ", header)}.");
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
                warnings.Add($"{path}: row {line} has an empty {idName}; skipped.");
                continue;
            }
            var title = titleCol.Name is null ? null : Cell(titleCol.Index);
            var body = string.Join("\n", cols.Where(c => c.Name != titleCol.Name).Select(c => Cell(c.Index)).Where(s => s.Length > 0));
            var cleanTitle = string.IsNullOrWhiteSpace(title) ? null : title;
            docs.Add(new InputDocument(id, null, cleanTitle, body) { Sha256 = DocumentIdentity.Sha256(cleanTitle + "\u0001" + body) });
        }
        return Finish(path, docs, warnings) with { Notes = table.EncodingNote is { } note ? [note] : [] };
    }

    private static InputDocumentSet Finish(string source, List<InputDocument> docs, List<string> warnings)
    {
        var duplicates = docs.GroupBy(d => d.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidDataException($"{source}: doc_id values must be unique; repeated: {string.Join(", ", duplicates.Take(10))}{(duplicates.Count > 10 ? ", …" : "")}. Give each row its own id (or name another id column with --id-column).");
        }
        if (docs.Count == 0)
        {
            throw new InvalidDataException($"{source}: no documents found.");
        }
        docs.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return new InputDocumentSet(docs, warnings);
    }

    /// <summary>A table's header and data rows with their 1-based line (CSV) or row (XLSX) numbers; XLSX: the worksheet's name.</summary>
    /// <param name="Header">Column names, trimmed.</param>
    /// <param name="Rows">Non-blank data rows.</param>
    /// <param name="Sheet">XLSX: the worksheet's name.</param>
    /// <param name="EncodingNote">CSV not read as UTF-8: which encoding was used (a line for stderr); else null.</param>
    internal sealed record TableRows(List<string> Header, List<(int Line, List<string> Cells)> Rows, string? Sheet = null, string? EncodingNote = null);

    /// <summary>Reads a CSV (encoding detected as <c>extract</c> does: BOM, UTF-8, GB18030, Big5) into header + rows (blank rows skipped).</summary>
    internal static TableRows ReadCsvRows(string path, string what = "--docs")
    {
        var file = CsvFile.Read(path, what);
        return new TableRows(file.Header, file.Rows, EncodingNote: file.EncodingNote);
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
            return new TableRows(header, all.Skip(1).Where(r => !r.Item2.All(string.IsNullOrWhiteSpace)).ToList(), sheet.Name?.Value);
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
