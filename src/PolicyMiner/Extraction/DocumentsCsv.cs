using System.Globalization;

namespace PolicyMiner.Extraction;

/// <summary>
/// Writes <c>documents.csv</c>: one row per document (no text), UTF-8 with BOM and CRLF line ends (RFC 4180) so that
/// Excel opens Chinese correctly. Cells are neutralised by <see cref="Csv.Escape"/> so that a spreadsheet
/// never runs one as a formula (OWASP "CSV injection").
/// </summary>
public static class DocumentsCsv
{
    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "doc_id", "sha256", "path", "format", "pages", "language", "title", "date", "document_number", "form", "signatories",
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
            Csv.WriteRow(writer, Columns);
            foreach (var d in documents)
            {
                Csv.WriteRow(writer,
                [
                    d.DocId, d.Sha256, d.Path, d.Format, d.Pages?.ToString(CultureInfo.InvariantCulture) ?? "", d.Language ?? "", d.Title ?? "",
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
}
