using System.Globalization;

namespace PolicyMiner.Classification;

/// <summary>
/// Writes <c>classify</c>'s labeled CSV (UTF-8 with BOM, formula-injection safe, sorted by doc_id) and
/// <c>review.csv</c> (documents ranked by uncertainty: hand-coding these first helps the model most).
/// Columns per task T: multiclass → <c>T</c>, <c>T_prob</c>; multi-label → <c>T</c> (labels joined by ';'),
/// then <c>T_&lt;label&gt;</c> (0/1) and <c>T_&lt;label&gt;_prob</c> per label; then <c>T_evidence</c> (the terms that pushed
/// the decision most, see <see cref="EvidenceText.Format(TaskPrediction)"/>). Then <c>needs_review</c> (0/1) and <c>uncertainty</c>.
/// </summary>
public static class LabeledCsv
{
    /// <summary>Writes the labeled CSV atomically.</summary>
    public static void Write(string path, Codebook codebook, IReadOnlyList<DocumentPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(predictions);
        var header = new List<string> { "doc_id" };
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
        AtomicFile.Write(path, w =>
        {
            Csv.WriteRow(w, header);
            foreach (var p in predictions.OrderBy(p => p.DocId, StringComparer.Ordinal))
            {
                var row = new List<string> { p.DocId };
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
                Csv.WriteRow(w, row);
            }
        }, AtomicFile.Utf8Bom);
    }

    /// <summary>Writes review.csv: rank, doc_id, uncertainty, needs_review, the predicted labels and the evidence of all tasks, most uncertain first (ties by doc_id).</summary>
    public static void WriteReview(string path, Codebook codebook, IReadOnlyList<DocumentPrediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(predictions);
        AtomicFile.Write(path, w =>
        {
            Csv.WriteRow(w, ["rank", "doc_id", "uncertainty", "needs_review", .. codebook.Tasks.Select(t => t.Name), "evidence"]);
            var rank = 0;
            foreach (var p in predictions.OrderByDescending(p => p.Uncertainty).ThenBy(p => p.DocId, StringComparer.Ordinal))
            {
                rank++;
                Csv.WriteRow(w, [rank.ToString(CultureInfo.InvariantCulture), p.DocId, Num(p.Uncertainty), p.NeedsReview ? "1" : "0",
                    .. codebook.Tasks.Select(t => string.Join(";", p.Tasks[t.Name].Labels)), EvidenceText.Format(codebook.Tasks.Select(t => (t.Name, p.Tasks[t.Name])).ToArray())]);
            }
        }, AtomicFile.Utf8Bom);
    }

    private static string Num(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
