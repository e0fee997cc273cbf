using System.Globalization;
using System.Text;

namespace PolicyMiner.Extraction;

/// <summary>
/// Writes <c>documents.csv</c>: one row per document (no text), UTF-8 with BOM and CRLF line ends (RFC 4180) so that
/// Excel opens Chinese correctly. A cell that starts with = + - @ (or a tab/CR) is prefixed with an apostrophe so
/// that a spreadsheet never runs it as a formula (OWASP "CSV injection").
/// </summary>
public static class DocumentsCsv
{
    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "id", "path", "format", "pages", "language", "title", "date", "document_number", "form", "signatories",
        "signatory_codes", "characters", "han_ratio", "latin_ratio", "replacement_rate", "pages_ocred", "needs_ocr",
        "encoding", "warnings", "error",
    ];

    /// <summary>The summary path beside a documents.jsonl: documents.jsonl → documents.csv.</summary>
    public static string PathFor(string jsonlPath) => Path.ChangeExtension(jsonlPath, ".csv");

    /// <summary>Writes the summary atomically.</summary>
    public static void Write(string path, IEnumerable<ExtractedDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        AtomicFile.Write(path, writer =>
        {
            WriteRow(writer, Columns);
            foreach (var d in documents)
            {
                WriteRow(writer,
                [
                    d.Id, d.Path, d.Format, d.Pages?.ToString(CultureInfo.InvariantCulture) ?? "", d.Language ?? "", d.Title ?? "",
                    d.Metadata.Date ?? "", d.Metadata.DocumentNumber ?? "", d.Metadata.Form ?? "",
                    string.Join(";", d.Metadata.Signatories.Select(s => s.Name)),
                    string.Join(";", d.Metadata.Signatories.Select(s => s.Code)),
                    d.Quality.Characters.ToString(CultureInfo.InvariantCulture),
                    d.Quality.HanRatio.ToString("0.####", CultureInfo.InvariantCulture),
                    d.Quality.LatinRatio.ToString("0.####", CultureInfo.InvariantCulture),
                    d.Quality.ReplacementRate.ToString("0.######", CultureInfo.InvariantCulture),
                    d.Quality.PagesOcred.ToString(CultureInfo.InvariantCulture),
                    d.Quality.NeedsOcr ? "true" : "false",
                    d.Quality.Encoding ?? "",
                    string.Join(" | ", d.Quality.Warnings),
                    d.Error ?? "",
                ]);
            }
        }, AtomicFile.Utf8Bom);
    }

    /// <summary>One RFC 4180 cell: neutralised (see the class summary), quoted when it holds a comma, quote or line break.</summary>
    public static string Cell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static void WriteRow(TextWriter writer, IReadOnlyList<string> cells)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }
            sb.Append(Cell(cells[i]));
        }
        sb.Append("\r\n");
        writer.Write(sb.ToString());
    }
}
