using System.Globalization;

namespace PolicyMiner.Classification;

/// <summary>
/// Writes <c>classify</c>'s labeled CSV (UTF-8 with BOM, formula-injection safe, sorted by doc_id) and
/// <c>review.csv</c> (documents in review order). Both start with the document: <c>doc_id</c>, <c>file</c>, <c>title</c>,
/// <c>date</c>. Columns per task T: multiclass → <c>T</c>, <c>T_prob</c>; multi-label → <c>T</c> (labels joined by ';'),
/// then <c>T_&lt;label&gt;</c> (0/1) and <c>T_&lt;label&gt;_prob</c> per label; then <c>T_evidence</c> (the terms that pushed
/// the decision most, see <see cref="EvidenceText.Format(TaskPrediction)"/>). Then <c>needs_review</c> (0/1) and <c>uncertainty</c>.
/// These are machine codes: to correct them, use a coding sheet (<c>classify --sheet</c>), which keeps hand codes apart.
/// </summary>
public static class LabeledCsv
{
    /// <summary>The document columns both files start with.</summary>
    public static IReadOnlyList<string> DocumentColumns { get; } = ["doc_id", "file", "title", "date"];

    /// <summary>Writes the labeled CSV atomically; <paramref name="documents"/> give file, title and date (by doc_id).</summary>
    public static void Write(string path, Codebook codebook, IReadOnlyList<DocumentPrediction> predictions, IReadOnlyList<InputDocument>? documents = null)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(predictions);
        var byId = ById(documents);
        var header = LabeledHeader(codebook);
        AtomicFile.Write(path, w =>
        {
            Csv.WriteRow(w, header);
            foreach (var p in predictions.OrderBy(p => p.DocId, StringComparer.Ordinal))
            {
                Csv.WriteRow(w, LabeledRow(codebook, p, byId.GetValueOrDefault(p.DocId)));
            }
        }, AtomicFile.Utf8Bom);
    }

    /// <summary>
    /// Writes review.csv: one row per document in review order — documents flagged <c>needs_review</c> first, then by
    /// <c>uncertainty</c> (highest first), ties by doc_id — with rank, the document columns, needs_review, uncertainty and
    /// per task the predicted label(s) and, for multiclass tasks, the probability of the predicted label; last the
    /// <c>evidence</c> of all tasks (<see cref="EvidenceText.Format(IReadOnlyList{ValueTuple{string, TaskPrediction}})"/>).
    /// </summary>
    public static void WriteReview(string path, Codebook codebook, IReadOnlyList<DocumentPrediction> predictions, IReadOnlyList<InputDocument>? documents = null)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(predictions);
        var byId = ById(documents);
        var header = new List<string> { "rank" };
        header.AddRange(ReviewHeader(codebook));
        AtomicFile.Write(path, w =>
        {
            Csv.WriteRow(w, header);
            var rank = 0;
            foreach (var p in ReviewOrder(predictions))
            {
                rank++;
                var row = new List<string> { rank.ToString(CultureInfo.InvariantCulture) };
                row.AddRange(ReviewRow(codebook, p, byId.GetValueOrDefault(p.DocId)));
                Csv.WriteRow(w, row);
            }
        }, AtomicFile.Utf8Bom);
    }

    /// <summary>
    /// Review order: flagged first, then most uncertain, ties by doc_id (ordinal). The uncertainty compared is the one
    /// written in the file (<see cref="ReviewUncertainty"/>, 4 decimals): rows that show the same value are in doc_id order,
    /// and <c>policyminer merge</c> can put the rows of several shards in exactly this order from the files alone.
    /// </summary>
    public static IEnumerable<DocumentPrediction> ReviewOrder(IEnumerable<DocumentPrediction> predictions) =>
        predictions.OrderByDescending(p => p.NeedsReview).ThenByDescending(p => ReviewUncertainty(p.Uncertainty)).ThenBy(p => p.DocId, StringComparer.Ordinal);

    /// <summary>An uncertainty as written in labeled.csv and review.csv, read back (the review order's key).</summary>
    public static double ReviewUncertainty(double uncertainty) => double.Parse(Num(uncertainty), CultureInfo.InvariantCulture);

    private static Dictionary<string, InputDocument> ById(IReadOnlyList<InputDocument>? documents)
    {
        var map = new Dictionary<string, InputDocument>(StringComparer.Ordinal);
        foreach (var d in documents ?? [])
        {
            map.TryAdd(d.Id, d);
        }
        return map;
    }

    private static List<string> DocumentCells(string docId, InputDocument? d) =>
        d is not null ? [docId, d.File ?? "", OneLine(d.Title), d.Date ?? ""] : [docId, "", "", ""];

    /// <summary>The labeled CSV's header for <paramref name="codebook"/>.</summary>
    internal static List<string> LabeledHeader(Codebook codebook)
    {
        var header = new List<string>(DocumentColumns);
        foreach (var task in codebook.Tasks)
        {
            header.Add(task.Name);
            if (task.TaskKind == TaskKind.Multiclass)
            {
                header.Add(task.Name + "_prob");
            }
            else
            {
                foreach (var code in task.Codes)
                {
                    header.Add($"{task.Name}_{code}");
                    header.Add($"{task.Name}_{code}_prob");
                }
            }
            header.Add(task.Name + "_evidence");
        }
        header.Add("needs_review");
        header.Add("uncertainty");
        return header;
    }

    /// <summary>One labeled CSV row (cells) of a prediction; <paramref name="document"/> gives file, title and date.</summary>
    internal static List<string> LabeledRow(Codebook codebook, DocumentPrediction p, InputDocument? document)
    {
        var row = DocumentCells(p.DocId, document);
        foreach (var task in codebook.Tasks)
        {
            var tp = p.Tasks[task.Name];
            row.Add(string.Join(";", tp.Labels));
            if (task.TaskKind == TaskKind.Multiclass)
            {
                row.Add(tp.Labels.Count == 0 ? "" : Num(tp.Probabilities[tp.Labels[0]]));
            }
            else
            {
                foreach (var code in task.Codes)
                {
                    row.Add(tp.Labels.Contains(code) ? "1" : "0");
                    row.Add(Num(tp.Probabilities.GetValueOrDefault(code)));
                }
            }
            row.Add(EvidenceText.Format(tp));
        }
        row.Add(p.NeedsReview ? "1" : "0");
        row.Add(Num(p.Uncertainty));
        return row;
    }

    /// <summary>review.csv's header without its first column (rank).</summary>
    internal static List<string> ReviewHeader(Codebook codebook)
    {
        var header = new List<string>();
        header.AddRange(DocumentColumns);
        header.Add("needs_review");
        header.Add("uncertainty");
        foreach (var task in codebook.Tasks)
        {
            header.Add(task.Name);
            if (task.TaskKind == TaskKind.Multiclass)
            {
                header.Add(task.Name + "_prob");
            }
        }
        header.Add("evidence");
        return header;
    }

    /// <summary>One review.csv row (cells) of a prediction, without its rank.</summary>
    internal static List<string> ReviewRow(Codebook codebook, DocumentPrediction p, InputDocument? document)
    {
        var row = new List<string>();
        row.AddRange(DocumentCells(p.DocId, document));
        row.Add(p.NeedsReview ? "1" : "0");
        row.Add(Num(p.Uncertainty));
        foreach (var task in codebook.Tasks)
        {
            var tp = p.Tasks[task.Name];
            row.Add(string.Join(";", tp.Labels));
            if (task.TaskKind == TaskKind.Multiclass)
            {
                row.Add(tp.Labels.Count == 0 ? "" : Num(tp.Probabilities[tp.Labels[0]]));
            }
        }
        row.Add(EvidenceText.Format(codebook.Tasks.Select(t => (t.Name, p.Tasks[t.Name])).ToArray()));
        return row;
    }


    private static string OneLine(string? s) => s is null ? "" : string.Join(" ", s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Num(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
