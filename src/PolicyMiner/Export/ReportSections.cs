using System.Globalization;
using System.Net;
using System.Text;

namespace PolicyMiner.Export;

/// <summary>Where a report's data came from (shown at its end; no wall-clock time, so the same inputs give the same bytes).</summary>
/// <param name="ToolBuild">PolicyMiner version and build.</param>
/// <param name="Command">The command line, when known.</param>
/// <param name="Inputs">Input files with their SHA-256.</param>
public sealed record ReportProvenance(string ToolBuild, string? Command, IReadOnlyList<(string File, string Sha256)> Inputs);

/// <summary>Tables of the report that read the model card, the hand codes and the review flags.</summary>
internal static class ReportSections
{
    /// <summary>Most documents listed in the "to review" table.</summary>
    public const int MaxReviewRows = 100;

    /// <summary>The model card's metrics of one task: summary with named measures, coders' agreement beside the model's, per-label table.</summary>
    public static void TaskMetrics(StringBuilder h, ModelCardTask task, Func<string, string> labelName)
    {
        var m = task.Metrics!;
        h.Append("<table>\n");
        Row(h, "folds 交叉验证折数", m.Folds?.ToString(CultureInfo.InvariantCulture));
        Row(h, "documents 文档", m.Documents?.ToString(CultureInfo.InvariantCulture));
        if (task.IsMultilabel)
        {
            Row(h, "exact match 完全匹配 (share of documents whose whole set of labels is right)", F(m.Accuracy));
        }
        else
        {
            Row(h, "accuracy 准确率 (share of documents with the right label)", F(m.Accuracy));
        }
        Row(h, "macro-F1 (mean of the per-label F1)", F(m.MacroF1));
        Row(h, "micro-F1 (F1 over all label decisions pooled)", F(m.MicroF1));
        Row(h, "Cohen's κ, model vs coders 模型与编码员", F(m.Kappa));
        if (m.HumanAgreement is { } a)
        {
            Row(h, $"Cohen's κ, coder vs coder 编码员之间 ({a.CoderA} vs {a.CoderB}, {a.Documents} documents)", F(a.Kappa));
            Row(h, "Krippendorff's α, coder vs coder", F(a.Alpha));
        }
        h.Append("</table>\n");
        if (m.PerLabel.Count > 0)
        {
            h.Append("<table>\n<tr><th>label 类别</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
            foreach (var l in m.PerLabel)
            {
                h.Append("<tr><td>").Append(E(labelName(l.Label))).Append("</td><td>").Append(F(l.Precision)).Append("</td><td>")
                    .Append(F(l.Recall)).Append("</td><td>").Append(F(l.F1)).Append("</td><td>")
                    .Append(l.Support.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }
            h.Append("</table>\n");
        }
    }

    /// <summary>Machine codes against hand codes on the documents that have both (per-label precision/recall/F1).</summary>
    public static void MachineVsHand(StringBuilder h, ExportDataset dataset, ReportTally tally, Func<string, string, string> labelName)
    {
        var any = false;
        foreach (var task in dataset.Tasks)
        {
            var cmp = tally.MachineVsHand[task.Name];
            if (cmp.Pairs == 0)
            {
                continue;
            }
            if (!any)
            {
                h.Append("<h2>机器编码与人工编码 Machine vs hand codes</h2>\n")
                    .Append("<p class=\"note\">On the documents that have both a machine code (labeled CSV) and a hand code (--coded): how often the machine agrees with the coders. Precision = share of the machine's labels the coders also gave; recall = share of the coders' labels the machine found.</p>\n");
                any = true;
            }
            h.Append("<h3>").Append(E(task.Name)).Append("</h3>\n<p>")
                .Append(cmp.Pairs.ToString(CultureInfo.InvariantCulture)).Append(" documents; ")
                .Append(task.IsMultilabel ? "exact match " : "same label ")
                .Append(F((double)cmp.Exact / cmp.Pairs)).Append("</p>\n");
            var codes = task.Labels.Select(l => l.Code).Concat(cmp.Seen).Distinct(StringComparer.Ordinal).ToList();
            h.Append("<table>\n<tr><th>label 类别</th><th>precision</th><th>recall</th><th>F1</th><th>hand-coded 人工</th><th>machine 机器</th></tr>\n");
            foreach (var code in codes)
            {
                var (tp, machine, hand) = cmp.Counts.GetValueOrDefault(code);
                if (machine == 0 && hand == 0)
                {
                    continue;
                }
                var precision = machine == 0 ? 0 : (double)tp / machine;
                var recall = hand == 0 ? 0 : (double)tp / hand;
                var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
                h.Append("<tr><td>").Append(E(labelName(task.Name, code))).Append("</td><td>").Append(F(precision)).Append("</td><td>")
                    .Append(F(recall)).Append("</td><td>").Append(F(f1)).Append("</td><td>").Append(hand.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(machine.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }
            h.Append("</table>\n");
        }
    }

    /// <summary>The documents flagged needs_review, most uncertain first: doc_id, title, machine codes, uncertainty.</summary>
    public static void ToReview(StringBuilder h, ReportTally tally, Func<string, string, string> labelName)
    {
        h.Append("<h2>待复核 To review</h2>\n");
        if (tally.Flagged == 0)
        {
            h.Append("<p class=\"note\">No document is flagged needs_review. 没有需要复核的文档。</p>\n");
            return;
        }
        h.Append("<p class=\"note\">").Append(tally.Flagged.ToString(CultureInfo.InvariantCulture))
            .Append(" documents whose machine codes are uncertain (needs_review = 1), most uncertain first. Code them by hand (a coding sheet: classify --sheet, or policyminer next) and retrain.</p>\n");
        h.Append("<table>\n<tr><th>doc_id</th><th>标题 title</th><th>机器编码 machine codes</th><th>uncertainty</th></tr>\n");
        foreach (var d in tally.ToReview)
        {
            var codes = string.Join("; ", d.Predicted.Select(kv => kv.Key + ": " + string.Join(", ", kv.Value.Select(c => labelName(kv.Key, c)))));
            h.Append("<tr><td>").Append(E(d.DocId)).Append("</td><td>").Append(E(d.Shown)).Append("</td><td>")
                .Append(E(codes)).Append("</td><td>").Append(d.Uncertainty is { } u ? F(u) : "—").Append("</td></tr>\n");
        }
        h.Append("</table>\n");
        if (tally.Flagged > MaxReviewRows)
        {
            h.Append("<p class=\"note\">").Append((tally.Flagged - MaxReviewRows).ToString(CultureInfo.InvariantCulture))
                .Append(" more: see review.csv or the needs_review column of dataset.csv.</p>\n");
        }
    }

    /// <summary>Tool build, command line and input hashes.</summary>
    public static void Provenance(StringBuilder h, ReportProvenance p)
    {
        h.Append("<h2>来源 Provenance</h2>\n<table>\n");
        Row(h, "PolicyMiner", p.ToolBuild);
        if (p.Command is not null)
        {
            Row(h, "command 命令", p.Command);
        }
        foreach (var (file, sha) in p.Inputs)
        {
            Row(h, file, "sha256 " + sha);
        }
        h.Append("</table>\n<p class=\"note\">The report carries no date or time on purpose: the same inputs give the same bytes (a run's manifest.json records when it ran).</p>\n");
    }

    /// <summary>
    /// The card's learning curve: coded documents → cross-validated macro-F1 per task, and the verdict (is more
    /// coding likely to help). A task absent at a share (too few coded documents) shows "—".
    /// </summary>
    public static void LearningCurve(StringBuilder h, PolicyMiner.Classification.LearningCurve curve)
    {
        var tasks = curve.Points.SelectMany(p => p.MacroF1.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        h.Append("<h3>学习曲线 Learning curve</h3>\n<p class=\"note\">Cross-validated macro-F1 (")
            .Append(curve.Folds.ToString(CultureInfo.InvariantCulture)).Append(" folds, seed ").Append(curve.Seed.ToString(CultureInfo.InvariantCulture))
            .Append(") on nested shares of the coded documents.</p>\n<table><tr><th>share</th><th>documents 文档</th>");
        foreach (var t in tasks)
        {
            h.Append("<th>").Append(E(t)).Append("</th>");
        }
        h.Append("</tr>\n");
        foreach (var p in curve.Points)
        {
            h.Append("<tr><td>").Append(p.Share.ToString("0%", CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(p.Documents.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            foreach (var t in tasks)
            {
                h.Append("<td>").Append(F(p.MacroF1.TryGetValue(t, out var f) ? f : null)).Append("</td>");
            }
            h.Append("</tr>\n");
        }
        h.Append("</table>\n");
        if (curve.Verdict.Length > 0)
        {
            h.Append("<p>").Append(E(curve.Verdict)).Append("</p>\n");
        }
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    private static string F(double? v) => v is { } d && !double.IsNaN(d) ? d.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private static void Row(StringBuilder h, string label, string? value) =>
        h.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value ?? "—")).Append("</td></tr>\n");
}
