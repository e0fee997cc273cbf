using System.Globalization;
using System.Text;
using PolicyMiner.Extraction;

namespace PolicyMiner.Classification;

/// <summary>What a streaming classify wrote.</summary>
/// <param name="Documents">Documents coded (rows of the labeled CSV).</param>
/// <param name="Flagged">Rows with needs_review = 1.</param>
/// <param name="Warnings">Extract error rows left out, as <see cref="InputDocuments.Read"/> words them.</param>
public sealed record StreamingClassifyResult(int Documents, int Flagged, IReadOnlyList<string> Warnings);

/// <summary>
/// <c>classify</c> over a documents.jsonl with memory flat in corpus size (issue 15): the same labeled CSV and
/// review.csv, byte for byte, as <see cref="InputDocuments.Read"/> + classify + <see cref="LabeledCsv.Write"/> /
/// <see cref="LabeledCsv.WriteReview"/>, but holding only an index (doc_id → byte offset, in doc_id order) and
/// <see cref="BatchSize"/> documents at a time. Labeled rows go out in doc_id order as each batch is coded; review rows
/// go to a temporary file beside the output, and review.csv is then copied from it in review order, sorted on keys
/// (needs_review, uncertainty, position) that take 24 bytes a document. Predictions do not depend on the batch (each
/// document is featurised and scored on its own), so the batch size changes nothing in the output.
/// </summary>
public static class StreamingClassify
{
    /// <summary>Documents read, featurised and coded together.</summary>
    public const int BatchSize = 512;

    /// <summary>Codes the documents of <paramref name="documentsJsonl"/> with <paramref name="classify"/> (<paramref name="batchSize"/> at a time) into the two files.</summary>
    public static StreamingClassifyResult Write(
        string documentsJsonl, Codebook codebook, Func<IReadOnlyList<InputDocument>, IReadOnlyList<DocumentPrediction>> classify, string labeledPath, string reviewPath,
        int batchSize = BatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentNullException.ThrowIfNull(documentsJsonl);
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(classify);
        var (index, warnings) = Index(documentsJsonl);
        var keys = new ReviewKey[index.Count];
        var flagged = 0;
        var reviewFull = Path.GetFullPath(reviewPath);
        var rows = ScratchFiles.NewPath(Path.GetDirectoryName(reviewFull)!, Path.GetFileName(reviewFull), "rows");
        Directory.CreateDirectory(Path.GetDirectoryName(rows)!);
        ScratchFiles.RemoveStale(Path.GetDirectoryName(rows)!);
        try
        {
            using (var rowFile = new FileStream(rows, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var source = new FileStream(documentsJsonl, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12))
            {
                var row = new StringWriter(CultureInfo.InvariantCulture);
                AtomicFile.Write(labeledPath, w =>
                {
                    Csv.WriteRow(w, LabeledCsv.LabeledHeader(codebook));
                    for (var start = 0; start < index.Count; start += batchSize)
                    {
                        var batch = new InputDocument[Math.Min(batchSize, index.Count - start)];
                        for (var i = 0; i < batch.Length; i++)
                        {
                            var (_, offset, line) = index[start + i];
                            batch[i] = InputDocuments.Of(JsonlFile.ParseDocument(documentsJsonl, line, ReadLine(source, offset)));
                        }
                        var predictions = classify(batch);
                        if (predictions.Count != batch.Length)
                        {
                            throw new InvalidOperationException($"classify returned {predictions.Count} predictions for {batch.Length} documents.");
                        }
                        for (var i = 0; i < batch.Length; i++)
                        {
                            var p = predictions[i];
                            Csv.WriteRow(w, LabeledCsv.LabeledRow(codebook, p, batch[i]));
                            row.GetStringBuilder().Clear();
                            Csv.WriteRow(row, LabeledCsv.ReviewRow(codebook, p, batch[i]));
                            var bytes = Encoding.UTF8.GetBytes(row.ToString());
                            keys[start + i] = new ReviewKey(p.NeedsReview, LabeledCsv.ReviewUncertainty(p.Uncertainty), start + i, rowFile.Position, bytes.Length);
                            rowFile.Write(bytes);
                            flagged += p.NeedsReview ? 1 : 0;
                        }
                    }
                }, AtomicFile.Utf8Bom);
            }
            // Review order (LabeledCsv.ReviewOrder): flagged first, most uncertain first (as written, 4 decimals), then doc_id — which is the index order.
            Array.Sort(keys, static (a, b) =>
            {
                var c = b.NeedsReview.CompareTo(a.NeedsReview);
                c = c != 0 ? c : b.Uncertainty.CompareTo(a.Uncertainty);
                return c != 0 ? c : a.Position.CompareTo(b.Position);
            });
            using var back = new FileStream(rows, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12);
            AtomicFile.Write(reviewPath, w =>
            {
                Csv.WriteRow(w, ["rank", .. LabeledCsv.ReviewHeader(codebook)]);
                var buffer = new byte[4096];
                for (var r = 0; r < keys.Length; r++)
                {
                    var k = keys[r];
                    if (buffer.Length < k.Length)
                    {
                        buffer = new byte[k.Length];
                    }
                    back.Seek(k.Offset, SeekOrigin.Begin);
                    back.ReadExactly(buffer, 0, k.Length);
                    w.Write((r + 1).ToString(CultureInfo.InvariantCulture));
                    w.Write(',');
                    w.Write(Encoding.UTF8.GetString(buffer, 0, k.Length));
                }
            }, AtomicFile.Utf8Bom);
        }
        finally
        {
            File.Delete(rows);
        }
        return new StreamingClassifyResult(index.Count, flagged, warnings);
    }

    private readonly record struct ReviewKey(bool NeedsReview, double Uncertainty, int Position, long Offset, int Length);

    /// <summary>
    /// The documents of a documents.jsonl in doc_id order (ordinal) as (doc_id, byte offset, line number), skipping error
    /// rows with the warning <see cref="InputDocuments.Read"/> gives; repeated doc_ids and an empty file are the same errors.
    /// </summary>
    private static (List<(string Id, long Offset, int Line)> Index, List<string> Warnings) Index(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"--docs {path}: no such file or folder. Give a folder of .txt/.md files, a documents.jsonl from `policyminer extract`, or a CSV/XLSX with a doc_id column.");
        }
        var index = new List<(string Id, long Offset, int Line)>();
        var warnings = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (offset, number, line) in JsonlFile.Lines(path))
        {
            var d = JsonlFile.ParseDocument(path, number, line);
            if (d.IsError)
            {
                warnings.Add($"{path}: {d.Path} is an error row from extract ({d.Error}); skipped.");
                continue;
            }
            if (!seen.Add(d.DocId))
            {
                repeated.Add(d.DocId);
            }
            index.Add((d.DocId, offset, number));
        }
        if (repeated.Count > 0)
        {
            // named in order of first appearance, as InputDocuments does
            var duplicates = index.Select(e => e.Id).Where(repeated.Contains).Distinct(StringComparer.Ordinal).ToList();
            throw new InvalidDataException($"{path}: doc_id values must be unique; repeated: {string.Join(", ", duplicates.Take(10))}{(duplicates.Count > 10 ? ", …" : "")}. Give each row its own id (or name another id column with --id-column).");
        }
        if (index.Count == 0)
        {
            throw new InvalidDataException($"{path}: no documents found.");
        }
        index.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return (index, warnings);
    }

    private static byte[] ReadLine(FileStream source, long offset)
    {
        source.Seek(offset, SeekOrigin.Begin);
        using var line = new MemoryStream();
        int b;
        while ((b = source.ReadByte()) >= 0 && b != '\n')
        {
            line.WriteByte((byte)b);
        }
        return line.ToArray();
    }
}
