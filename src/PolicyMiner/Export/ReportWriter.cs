using System.Globalization;
using System.Net;
using System.Text;
using PolicyMiner.Networks;

namespace PolicyMiner.Export;

/// <summary>
/// Writes <c>report.html</c>: one self-contained page (no scripts, no links; charts are PNGs inlined as base64)
/// with agreements per year by field, label distributions, the model card's per-label F1, confusion matrix and top terms,
/// the signatory network and the extraction quality summary. No timestamps: the same inputs give the same bytes.
/// </summary>
public static class ReportWriter
{
    /// <summary>Most problem documents listed in the quality table.</summary>
    public const int MaxProblemRows = 200;

    /// <summary>Writes the report to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ExportDataset dataset, SignatoryNetwork network, ModelCardView? card, string? fieldTask, ReportProvenance? provenance = null, SignatoryNetwork? parties = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(network);
        AtomicFile.Write(path, w => w.Write(Build(dataset, network, card, fieldTask, provenance, parties)));
    }

    /// <summary>The HTML text; <paramref name="parties"/> is the party-level network shown beside the government-level one.</summary>
    public static string Build(ExportDataset dataset, SignatoryNetwork network, ModelCardView? card, string? fieldTask, ReportProvenance? provenance = null, SignatoryNetwork? parties = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(network);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>PolicyMiner report 报告</title>\n<style>\n")
            .Append("body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}\n")
            .Append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}th{background:#f3f3f3}\n")
            .Append("img{max-width:100%;height:auto;display:block;margin:1em 0;border:1px solid #eee}.note{color:#666}\n")
            .Append("</style>\n</head>\n<body>\n<h1>PolicyMiner 报告 report</h1>\n");

        // Summary. Everything shown of the documents is counted in one pass (ReportTally, issue 15).
        var field = fieldTask ?? dataset.Tasks.FirstOrDefault(t => t.IsMultilabel)?.Name ?? (dataset.Tasks.Count > 0 ? dataset.Tasks[0].Name : null);
        var tally = ReportTally.Count(dataset.Agreements, dataset.Tasks, field);
        h.Append("<h2>概况 Summary</h2>\n<table>\n");
        Row(h, "文档 documents", tally.Documents);
        Row(h, "有签署主体 with signatories", tally.WithSignatories);
        Row(h, "有签署或发文机关 with parties (signing or issuing bodies)", tally.WithParties);
        Row(h, "联合发文 jointly issued (two or more issuers)", tally.JointlyIssued);
        Row(h, "双边 bilateral", tally.Bilateral);
        Row(h, "多边 multilateral", tally.Multilateral);
        Row(h, "政府 governments (nodes)", network.Nodes.Count);
        Row(h, "合作关系 ties (edges)", network.Edges.Count);
        Row(h, "提取错误 extraction errors", tally.Errors);
        Row(h, "需要OCR needs OCR", tally.NeedsOcr);
        Row(h, "需复核 needs review", tally.NeedsReview);
        h.Append("</table>\n");

        var names = dataset.Tasks.ToDictionary(t => t.Name, t => t.Labels.ToDictionary(l => l.Code, Display, StringComparer.Ordinal), StringComparer.Ordinal);
        string LabelName(string task, string code) =>
            names.TryGetValue(task, out var m) && m.TryGetValue(code, out var n) ? n : code;

        // Agreements per year by field.
        h.Append("<h2>各年协议数 Agreements per year</h2>\n");
        var years = tally.Years.ToList();
        if (years.Count == 0)
        {
            h.Append("<p class=\"note\">No document has a date; nothing to count per year. 没有文档识别出日期。</p>\n");
        }
        else
        {
            double[] PerYear(string? code) => years.Select(y => (double)tally.PerYear.GetValueOrDefault((y, code))).ToArray();
            var series = new List<(string, double[])>();
            if (field is not null)
            {
                foreach (var code in Codes(dataset, field, tally))
                {
                    series.Add((LabelName(field, code), PerYear(code)));
                }
                var none = PerYear(null);
                if (none.Any(c => c > 0))
                {
                    series.Add(("未分类 no label", none));
                }
            }
            else
            {
                series.Add(("协议 agreements", PerYear(null)));
            }
            var title = field is null ? "各年协议数 Agreements per year" : $"各年协议数(按{field}) Agreements per year by {field}";
            Image(h, ReportCharts.PerYear(title, years, series), title);
            if (field is not null && dataset.Tasks.Any(t => t.Name == field && t.IsMultilabel))
            {
                h.Append("<p class=\"note\">A multi-label agreement counts once in each of its fields, so bar heights can exceed the number of agreements. 多标签协议在每个领域各计一次。</p>\n");
            }
        }

        // Label distribution.
        h.Append("<h2>类别分布 Label distribution</h2>\n");
        if (dataset.Tasks.Count == 0)
        {
            h.Append("<p class=\"note\">No labels: pass --labels (classify's CSV) or --coded (hand-coded CSV). 未提供类别。</p>\n");
        }
        foreach (var task in dataset.Tasks)
        {
            var codes = Codes(dataset, task.Name, tally);
            var counts = codes.Select(c => (double)tally.LabelCounts[task.Name].GetValueOrDefault(c)).ToList();
            var n = tally.Labelled[task.Name];
            if (n == 0)
            {
                // An empty chart (no bars, one stray tick) says less than a sentence.
                h.Append("<p class=\"note\">").Append(E(task.Name)).Append(": no document has a label for this task. 无文档有此类别。</p>\n");
                continue;
            }
            var title = $"{task.Name} 类别分布 label distribution (n = {n})";
            Image(h, ReportCharts.BarChart(title, codes.Select(c => LabelName(task.Name, c)).ToList(), counts, "文档 documents"), title);
        }

        // Model card.
        h.Append("<h2>模型评估 Model evaluation</h2>\n");
        if (card is null)
        {
            h.Append("<p class=\"note\">No model card: pass --model DIR to show the model's cross-validated metrics. 未提供模型。</p>\n");
        }
        else
        {
            h.Append("<p>模型 model: <b>").Append(E(card.Name)).Append("</b>")
                .Append(card.CreatedUtc is null ? "" : ", trained " + E(card.CreatedUtc))
                .Append(card.ToolVersion is null ? "" : ", PolicyMiner " + E(card.ToolVersion)).Append("</p>\n");
            if (card.About is { Length: > 0 } about)
            {
                h.Append("<p class=\"note\">").Append(E(about)).Append("</p>\n");
            }
            foreach (var task in card.Tasks.Where(t => t.Metrics is null && t.TopTerms is { Count: > 0 }))
            {
                h.Append("<h3>").Append(E(task.Name)).Append(" (").Append(E(task.Kind)).Append(")</h3>\n");
                TopTerms(h, task, LabelName);
            }
            foreach (var task in card.Tasks.Where(t => t.Metrics is not null))
            {
                var m = task.Metrics!;
                h.Append("<h3>").Append(E(task.Name)).Append(" (").Append(E(task.Kind)).Append(")</h3>\n");
                ReportSections.TaskMetrics(h, task, code => LabelName(task.Name, code));
                if (m.PerLabel.Count > 0)
                {
                    var title = $"{task.Name}: 各类别F1 per-label F1";
                    Image(h, ReportCharts.BarChart(title, m.PerLabel.Select(p => LabelName(task.Name, p.Label)).ToList(),
                        m.PerLabel.Select(p => p.F1).ToList(), "F1", 1.0), title);
                }
                if (m.Confusion is { Labels.Count: > 0 } c)
                {
                    var title = $"{task.Name}: 混淆矩阵 confusion matrix";
                    Image(h, ReportCharts.Confusion(title, c.Labels.Select(l => LabelName(task.Name, l)).ToList(), c.Matrix), title);
                }
                TopTerms(h, task, LabelName);
            }
            if (card.LearningCurve is { Points.Count: > 0 } curve)
            {
                ReportSections.LearningCurve(h, curve);
            }
        }

        ReportSections.MachineVsHand(h, dataset, tally, LabelName);
        ReportSections.ToReview(h, tally, LabelName);

        // Network.
        h.Append("<h2>合作网络 Co-operation network</h2>\n");
        h.Append("<p class=\"note\">Relation: ").Append(E(ExportStage.RelationName(network.Relation)))
            .Append(". A document ties every pair of its parties: signatories of an agreement (co-signing), issuers of a jointly issued document (co-issuance).</p>\n");
        NetworkSection(h, network, "政府 governments", "政府网络 Government network");
        if (parties is not null)
        {
            NetworkSection(h, parties, "机关 parties", "机关网络 Party network (departments, governments, congresses …)");
        }

        // Quality.
        h.Append("<h2>提取质量 Extraction quality</h2>\n");
        var categories = new[] { "正常 ok", "需要OCR needs OCR", "乱码>1% unreadable >1%", "需复核 needs review", "提取错误 error" };
        var qTitle = "提取质量 Extraction quality (documents per flag)";
        Image(h, ReportCharts.BarChart(qTitle, categories, tally.Quality.Select(c => (double)c).ToList(), "文档 documents"), qTitle);
        if (tally.Problems > 0)
        {
            h.Append("<table>\n<tr><th>文件 file</th><th>问题 issue</th></tr>\n");
            foreach (var d in tally.FirstProblems)
            {
                var issues = new List<string>();
                if (d.Error is not null)
                {
                    issues.Add("error: " + d.Error);
                }
                if (d.NeedsOcr)
                {
                    issues.Add("needs OCR (install tesseract, re-run extract)");
                }
                if (d.ReplacementRate > 0.01)
                {
                    issues.Add("unreadable characters " + d.ReplacementRate.ToString("P1", CultureInfo.InvariantCulture));
                }
                if (d.NeedsReview)
                {
                    issues.Add("prediction uncertain: review");
                }
                h.Append("<tr><td>").Append(E(d.File)).Append("</td><td>").Append(E(string.Join("; ", issues))).Append("</td></tr>\n");
            }
            h.Append("</table>\n");
            if (tally.Problems > MaxProblemRows)
            {
                h.Append("<p class=\"note\">").Append((tally.Problems - MaxProblemRows).ToString(CultureInfo.InvariantCulture))
                    .Append(" more: see the needs_ocr, needs_review and extract_error columns of dataset.csv.</p>\n");
            }
        }
        if (provenance is not null)
        {
            ReportSections.Provenance(h, provenance);
        }
        h.Append("<p class=\"note\">Written by PolicyMiner export. Charts: ScottPlot 5; Chinese font: Noto Sans CJK SC subset (SIL OFL 1.1).</p>\n</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>The card's top terms of a task: one row per label, terms with their weights (what the model looks for).</summary>
    private static void TopTerms(StringBuilder h, ModelCardTask task, Func<string, string, string> labelName)
    {
        if (task.TopTerms is not { Count: > 0 } top)
        {
            return;
        }
        h.Append("<p>").Append(E(task.Name)).Append(": 各类别关键词 top terms per label (largest positive weights of the linear model)</p>\n")
            .Append("<table>\n<tr><th>类别 label</th><th>词 terms (weight)</th></tr>\n");
        var order = task.Labels.Select(l => l.Code).Where(top.ContainsKey)
            .Concat(top.Keys.Where(k => !task.Labels.Any(l => l.Code == k)).Order(StringComparer.Ordinal));
        foreach (var code in order)
        {
            h.Append("<tr><td>").Append(E(labelName(task.Name, code))).Append("</td><td>")
                .Append(E(string.Join(", ", top[code].Select(t => t.Term + " " + t.Weight.ToString("0.00", CultureInfo.InvariantCulture)))))
                .Append("</td></tr>\n");
        }
        h.Append("</table>\n");
    }

    private static string Display(ModelCardLabel l) =>
        (l.Zh, l.En) switch
        {
            ({ Length: > 0 } zh, { Length: > 0 } en) => zh + " " + en,
            ({ Length: > 0 } zh, _) => zh,
            (_, { Length: > 0 } en) => en,
            _ => l.Code,
        };

    // Label codes of a task: the codebook's order, then any other code seen, ordinal.
    private static void NetworkSection(StringBuilder h, SignatoryNetwork network, string nodesName, string heading)
    {
        h.Append("<h3>").Append(E(heading)).Append("</h3>\n");
        if (network.EmptyExplanation() is { } why)
        {
            h.Append("<p class=\"note\">").Append(E(why)).Append("</p>\n");
            if (network.Nodes.Count == 0)
            {
                return;
            }
        }
        var title = $"{heading} ({network.Nodes.Count} {nodesName}, {network.Edges.Count} ties)";
        Image(h, ReportCharts.Network(title, network, NetworkLayout.Compute(network)), title);
        h.Append("<p class=\"note\">Node size: degree (number of partners); line width: tie weight (")
            .Append(network.Weighting == EdgeWeighting.Count ? "joint documents" : "fractional, 1/(n−1) per document")
            .Append("). Colour: administrative level.</p>\n");
        h.Append("<table>\n<tr><th>").Append(E(nodesName)).Append("</th><th>代码 id</th><th>度 degree</th><th>文档 documents</th></tr>\n");
        foreach (var n in network.Nodes.OrderByDescending(n => n.Degree).ThenByDescending(n => n.Agreements).ThenBy(n => n.Id, StringComparer.Ordinal).Take(20))
        {
            h.Append("<tr><td>").Append(E(n.Label)).Append("</td><td>").Append(E(n.Id)).Append("</td><td>")
                .Append(n.Degree.ToString(CultureInfo.InvariantCulture)).Append("</td><td>")
                .Append(n.Agreements.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }
        h.Append("</table>\n");
    }

    private static List<string> Codes(ExportDataset dataset, string task, ReportTally tally)
    {
        var codes = dataset.Tasks.FirstOrDefault(t => t.Name == task)?.Labels.Select(l => l.Code).ToList() ?? [];
        var extra = tally.CodesSeen.GetValueOrDefault(task)?.Where(c => !codes.Contains(c, StringComparer.Ordinal)) ?? [];
        return [.. codes, .. extra];
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    private static string F(double? v) => v is { } d ? d.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private static void Row(StringBuilder h, string label, object? value) =>
        h.Append("<tr><th>").Append(E(label)).Append("</th><td>")
            .Append(E(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "—")).Append("</td></tr>\n");

    private static void Image(StringBuilder h, byte[] png, string alt) =>
        h.Append("<img class=\"chart\" alt=\"").Append(E(alt)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(png)).Append("\">\n");
}
