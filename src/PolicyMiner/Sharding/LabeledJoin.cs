using System.Globalization;
using PolicyMiner.Classification;
using PolicyMiner.Pipeline;

namespace PolicyMiner.Sharding;

/// <summary>
/// Joins the shards' labeled CSVs (rows by doc_id, as <see cref="LabeledCsv.Write"/> sorts them) and review files (rows
/// in <see cref="LabeledCsv.ReviewOrder"/>: needs_review first, then uncertainty as written, then doc_id), renumbering
/// the review rank over the whole batch. Rows are copied as written; only the rank cell is rewritten.
/// </summary>
internal static class LabeledJoin
{
    /// <summary>Writes labeled.csv and review.csv into <paramref name="staging"/>; returns rows and rows flagged needs_review.</summary>
    public static (int Rows, int Flagged) Join(IReadOnlyList<ShardFolder> shards, string staging, int n)
    {
        var parts = shards.Where(s => s.Record.Stages.ContainsKey("classify")).ToList();
        var labeled = parts.Select(s => Path.Combine(s.Folder, s.Record.Stages["classify"].File)).ToList();
        var reviews = parts.Select(s => Path.Combine(s.Folder, s.Record.Stages["classify"].ReviewFile ?? RunPipeline.ReviewFile)).ToList();
        var rows = JoinByDocId(parts, labeled, Path.Combine(staging, RunPipeline.LabeledFile), n);
        var reviewHeader = SameHeader(parts, reviews);

        var columns = Csv.Parse(new StringReader(reviewHeader)).First().Cells;
        int Column(string name) => columns.IndexOf(name) is var i and >= 0 ? i
            : throw new InvalidDataException($"{reviews[0]}: no {name} column; run the shard's classify again.");
        var (docCol, flagCol, uncertaintyCol) = (Column("doc_id"), Column("needs_review"), Column("uncertainty"));
        var flagged = 0;
        var reviewRows = 0;
        string? unused = null;
        var ordered = SortedMerge.Merge(
            reviews.Select(p => SortedMerge.CsvRecords(p).Skip(1).Select(r => (r.Raw, Key: ReviewKey(r.Cells, docCol, flagCol, uncertaintyCol, p)))).ToList(),
            Comparer<(string Raw, (bool Flagged, double Uncertainty, string DocId) Key)>.Create((a, b) =>
            {
                var c = b.Key.Flagged.CompareTo(a.Key.Flagged);
                c = c != 0 ? c : b.Key.Uncertainty.CompareTo(a.Key.Uncertainty);
                return c != 0 ? c : string.CompareOrdinal(a.Key.DocId, b.Key.DocId);
            }));
        AtomicFile.Write(Path.Combine(staging, RunPipeline.ReviewFile), w =>
        {
            w.Write(reviewHeader);
            w.Write("\r\n");
            var rank = 0;
            foreach (var ((raw, key), source) in ordered)
            {
                ShardMerge.Own(parts[source], key.DocId, reviews[source], ref unused, null, n);
                reviewRows++;
                rank++;
                flagged += key.Flagged ? 1 : 0;
                // the rank is the first cell, a plain number: replace it, keep the rest of the row as written
                w.Write(rank.ToString(CultureInfo.InvariantCulture));
                w.Write(raw.AsSpan(raw.IndexOf(',', StringComparison.Ordinal)));
                w.Write("\r\n");
            }
        }, AtomicFile.Utf8Bom);
        if (reviewRows != rows)
        {
            throw new InvalidDataException($"the shards' review files hold {reviewRows} documents, their labeled files {rows}: a review file does not belong to its labeled file. Run classify of the shards again.");
        }
        return (rows, flagged);
    }

    /// <summary>
    /// Joins the shards' coding sheets (<c>classify --shard i/n --sheet FILE</c>) into <c>OUT/FILE</c>, the sheet one
    /// <c>classify --sheet</c> of the whole batch writes: its rows are in doc_id order (as classify reads documents), so
    /// the shards' rows are merged by doc_id like labeled.csv, each copied as written (.xlsx: <see cref="XlsxSheetJoin"/>). Null when the shards wrote no sheet;
    /// <see cref="ShardCheck"/> has refused shards of which only some wrote one.
    /// </summary>
    public static string? JoinSheets(IReadOnlyList<ShardFolder> shards, string outDir, int n)
    {
        var parts = shards.Where(s => s.Record.Stages.GetValueOrDefault("classify")?.Sheet is not null).ToList();
        if (parts.Count == 0)
        {
            return null;
        }
        var sheets = parts.Select(s => Path.Combine(s.Folder, s.Record.Stages["classify"].Sheet!)).ToList();
        var output = Path.Combine(outDir, Path.GetFileName(sheets[0]));
        if (string.Equals(Path.GetExtension(output), ".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            XlsxSheetJoin.Join(parts, sheets, output, n);
            return output;
        }
        JoinByDocId(parts, sheets, output, n);
        return output;
    }

    // CSVs whose rows are in doc_id order (labeled.csv, a CSV coding sheet): one header (the same in every shard), rows
    // merged in doc_id order, each checked to belong to its shard. Returns the number of rows.
    private static int JoinByDocId(List<ShardFolder> parts, List<string> files, string output, int n)
    {
        var header = SameHeader(parts, files);
        var rows = 0;
        string? previousId = null;
        var byId = SortedMerge.Merge(
            files.Select(p => SortedMerge.CsvRecords(p).Skip(1)).ToList(),
            Comparer<(string Raw, List<string> Cells)>.Create((a, b) => string.CompareOrdinal(DocId(a.Cells[0]), DocId(b.Cells[0]))));
        AtomicFile.Write(output, w =>
        {
            w.Write(header);
            w.Write("\r\n");
            foreach (var ((raw, cells), source) in byId)
            {
                var id = DocId(cells[0]);
                ShardMerge.Own(parts[source], id, files[source], ref previousId, id, n);
                w.Write(raw);
                w.Write("\r\n");
                rows++;
            }
        }, AtomicFile.Utf8Bom);
        return rows;
    }

    private static (bool Flagged, double Uncertainty, string DocId) ReviewKey(List<string> cells, int docCol, int flagCol, int uncertaintyCol, string path)
    {
        var width = Math.Max(docCol, Math.Max(flagCol, uncertaintyCol));
        if (cells.Count <= width || !double.TryParse(cells[uncertaintyCol], NumberStyles.Float, CultureInfo.InvariantCulture, out var u))
        {
            throw new InvalidDataException($"{path}: a row ({string.Join(",", cells.Take(3))}…) has no readable needs_review/uncertainty; run the shard's classify again.");
        }
        return (cells[flagCol] == "1", u, DocId(cells[docCol]));
    }

    /// <summary>A doc_id as written by <see cref="Csv.Escape"/>, which puts ' before = + - @ (so Excel runs no formula): the id itself, the key both files are sorted by.</summary>
    internal static string DocId(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && cell[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? cell[1..] : cell;

    // Shards of one batch and one model write the same columns; different ones mean different tasks or codebooks.
    private static string SameHeader(List<ShardFolder> parts, List<string> files)
    {
        var headers = files.Select(f => File.Exists(f)
            ? SortedMerge.CsvRecords(f).FirstOrDefault().Raw ?? ""
            : throw new InvalidDataException($"{f}: not found, though {Path.Combine(Path.GetDirectoryName(f)!, ShardFile.FileName)} lists it. Run the shard's classify again.")).ToList();
        var groups = headers.Select((h, i) => (h, i)).GroupBy(x => x.h, StringComparer.Ordinal).ToList();
        if (groups.Count > 1)
        {
            throw new InvalidDataException($"the shards' {Path.GetFileName(files[0])} have different columns (different tasks or codebooks): " +
                string.Join("; ", groups.Select(g => $"{string.Join(", ", g.Select(x => parts[x.i].Folder))}: {Truncate(g.Key)}")) + ". Classify every shard with the same model and codebook.");
        }
        return headers[0];
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
