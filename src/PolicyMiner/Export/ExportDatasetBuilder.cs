using System.Globalization;
using PolicyMiner.Extraction;

namespace PolicyMiner.Export;

/// <summary>
/// Joins <c>documents.jsonl</c> with a labeled CSV (from <c>classify</c>) and/or a hand-coded CSV on
/// <c>doc_id</c> into an <see cref="ExportDataset"/>. Predicted columns are prefixed <c>pred_</c>, hand-coded
/// ones <c>coded_</c>; multi-label tasks get one 0/1 column per label.
/// </summary>
public static partial class ExportDatasetBuilder
{
    /// <summary>Value-label set of <c>scope</c>: how many governments signed.</summary>
    public static readonly ValueLabelSet Scope = new("scope", [
        new(1, "single government", "单一主体"),
        new(2, "bilateral", "双边"),
        new(3, "multilateral", "多边"),
    ]);

    /// <summary>Value-label set of <c>top_level</c>: highest administrative level among signatories.</summary>
    public static readonly ValueLabelSet Level = new("level", [
        new(1, "province", "省级"),
        new(2, "city (prefecture)", "地级"),
        new(3, "county", "县级"),
    ]);

    /// <summary>Value-label set of 0/1 indicators.</summary>
    public static readonly ValueLabelSet YesNo = new("yesno", [
        new(0, "no", "否"),
        new(1, "yes", "是"),
    ]);

    // The per-task labels of a document without any (shared: never written to).
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoLabels =
        new System.Collections.ObjectModel.ReadOnlyDictionary<string, IReadOnlyList<string>>(new Dictionary<string, IReadOnlyList<string>>());

    // Columns of a labeled/coded CSV that describe the document rather than a task.
    private static readonly HashSet<string> DocumentColumns = new(StringComparer.Ordinal)
    {
        "doc_id", "sha256", "file", "path", "title", "date", "text", "excerpt", "needs_review",
    };

    /// <summary>Level name (province/city/county) → its code in <see cref="Level"/>; unknown → null.</summary>
    public static int? LevelCode(string level) => level switch
    {
        "province" => 1,
        "city" => 2,
        "county" => 3,
        _ => null,
    };

    /// <summary>Builds the dataset. <paramref name="labeled"/>, <paramref name="coded"/> and <paramref name="card"/> are optional;
    /// <paramref name="seedWordScores"/>: the labeled CSV's <c>*_prob</c> columns are seed-word scores, labelled as such.</summary>
    public static ExportDataset Build(
        IEnumerable<ExtractedDocument> documents,
        LabelTable? labeled = null,
        LabelTable? coded = null,
        ModelCardView? card = null,
        bool seedWordScores = false)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var docs = documents
            .OrderBy(d => d.Path, StringComparer.Ordinal)
            .ThenBy(d => d.DocId, StringComparer.Ordinal)
            .ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in docs)
        {
            if (!seen.Add(d.DocId))
            {
                throw new InvalidDataException(
                    $"documents.jsonl lists doc_id '{d.DocId}' twice ({d.Path}); the same file was extracted twice. Remove one of the records.");
            }
        }
        return Build(docs, docs.OrderBy(d => d.DocId, StringComparer.Ordinal).ToList(), labeled, coded, card, seedWordScores);
    }

    /// <summary>
    /// Builds the dataset from documents already in dataset order (path, then doc_id) with unique doc_ids, as the export
    /// spool holds them, and <paramref name="byDocId"/> the same documents in doc_id order. Rows and per-document records are
    /// computed from the documents each time they are read (issue 15, memory in corpus size), so the list may be on disk.
    /// </summary>
    internal static ExportDataset Build(
        IReadOnlyList<ExtractedDocument> docs,
        IReadOnlyList<ExtractedDocument> byDocId,
        LabelTable? labeled,
        LabelTable? coded,
        ModelCardView? card,
        bool seedWordScores)
    {
        var warnings = new List<string>();
        // Where the cells' warnings go: the list while the rows are computed the first time, then a set (the rows are
        // computed again by each writer, and the same warnings must neither repeat nor pile up).
        ICollection<string> cellWarnings = warnings;

        var tasks = DiscoverTasks(labeled, coded, card);
        var names = new ColumnNames();
        var columns = new List<ExportColumn>();
        var cells = new List<Func<ExtractedDocument, object?>>();
        void Add(string raw, ColumnKind kind, string en, string zh, Func<ExtractedDocument, object?> cell, string? vl = null, string suffix = "")
        {
            columns.Add(new ExportColumn(names.Add(raw, "v", suffix), kind, en, zh, vl));
            cells.Add(cell);
        }

        Add("doc_id", ColumnKind.Text, "document id (file name, or path when names repeat)", "文档编号(文件名)", d => d.DocId);
        Add("sha256", ColumnKind.Text, "content hash of the source file (SHA-256)", "文件内容哈希(SHA-256)", d => NullIfEmpty(d.Sha256));
        Add("file", ColumnKind.Text, "source file", "源文件", d => d.Path);
        Add("format", ColumnKind.Text, "file format", "文件格式", d => d.Format);
        Add("title", ColumnKind.Text, "title", "标题", d => d.Title);
        Add("date", ColumnKind.Text, "date signed or issued (ISO 8601)", "签署或发布日期", d => d.Metadata.Date);
        Add("year", ColumnKind.WholeNumber, "year signed or issued", "年份", d => (long?)YearOf(d.Metadata.Date));
        Add("doc_number", ColumnKind.Text, "document number", "文号", d => d.Metadata.DocumentNumber);
        Add("form", ColumnKind.Text, "document form", "文种", d => d.Metadata.Form);
        Add("signatories", ColumnKind.Text, "signatory governments (; separated)", "签署主体(分号分隔)",
            d => Join(d.Metadata.Signatories.Select(s => s.Name)));
        Add("signatory_codes", ColumnKind.Text, "signatories' GB/T 2260 codes (; separated)", "签署主体行政区划代码(GB/T 2260)",
            d => Join(d.Metadata.Signatories.Select(s => s.Code)));
        Add("signatory_provinces", ColumnKind.Text, "signatories' provinces (; separated)", "签署主体所属省份",
            d => Join(d.Metadata.Signatories.Select(s => s.Province).Distinct(StringComparer.Ordinal)));
        Add("n_signatories", ColumnKind.WholeNumber, "number of signatory governments", "签署主体数量",
            d => (long)d.Metadata.Signatories.Count);
        Add("scope", ColumnKind.WholeNumber, "bilateral or multilateral", "双边或多边", d => ScopeOf(d), Scope.Name);
        Add("top_level", ColumnKind.WholeNumber, "highest administrative level of signatories", "签署主体最高行政级别",
            d => (long?)TopLevel(d), Level.Name);
        Add("cross_province", ColumnKind.WholeNumber, "signatories from more than one province", "跨省合作",
            d => d.Metadata.Signatories.Count == 0 ? null :
                d.Metadata.Signatories.Select(s => s.Province).Distinct(StringComparer.Ordinal).Count() > 1 ? 1L : 0L, YesNo.Name);
        Add("parties", ColumnKind.Text, "signing or issuing bodies (; separated)", "签署或发文机关(分号分隔)",
            d => Join(d.Metadata.Parties.Select(p => p.Name)));
        Add("party_roles", ColumnKind.Text, "their roles: signatory, issuer, 甲方 … (; separated)", "机关角色",
            d => Join(d.Metadata.Parties.Select(p => p.Role)));
        Add("party_kinds", ColumnKind.Text, "their kinds: government, department, congress, court … (; separated)", "机关类型",
            d => Join(d.Metadata.Parties.Select(p => p.Kind)));
        Add("party_governments", ColumnKind.Text, "GB/T 2260 codes of their governments, 100000 = central (; separated)", "机关所属政府代码",
            d => Join(d.Metadata.Parties.Select(p => p.GovernmentCode ?? "")));
        Add("n_parties", ColumnKind.WholeNumber, "number of signing or issuing bodies", "机关数量", d => (long)d.Metadata.Parties.Count);
        Add("language", ColumnKind.Text, "language (zh, en, mixed)", "语言", d => d.Language);
        Add("pages", ColumnKind.WholeNumber, "pages", "页数", d => (long?)d.Pages);
        Add("needs_ocr", ColumnKind.WholeNumber, "pages lacked a text layer and were not OCR'd", "需要OCR",
            d => d.Quality.NeedsOcr ? 1L : 0L, YesNo.Name);
        Add("replacement_rate", ColumnKind.Number, "share of unreadable characters", "乱码字符比例", d => d.Quality.ReplacementRate);
        Add("han_ratio", ColumnKind.Number, "share of Chinese characters", "汉字比例", d => d.Quality.HanRatio);
        Add("extract_error", ColumnKind.Text, "extraction error (empty when the file was read)", "提取错误", d => d.Error);

        var predicted = new Dictionary<string, Func<ExtractedDocument, IReadOnlyList<string>?>>(StringComparer.Ordinal);
        var codedLabels = new Dictionary<string, Func<ExtractedDocument, IReadOnlyList<string>?>>(StringComparer.Ordinal);
        Func<ExtractedDocument, bool> needsReview = _ => false;
        Func<ExtractedDocument, double?> uncertainty = _ => null;

        if (labeled is not null)
        {
            var lookup = Matcher(labeled, docs, warnings);
            var used = new HashSet<int> { labeled.IndexOf(labeled.KeyColumn) };
            foreach (var task in tasks)
            {
                var col = labeled.IndexOf(task.Name);
                if (col < 0)
                {
                    continue;
                }
                used.Add(col);
                predicted[task.Name] = d => SplitLabels(lookup(d)?[col]);
                Add("pred_" + task.Name, ColumnKind.Text, $"{task.Name}: predicted label(s)", $"{task.Name}: 预测类别",
                    d => NullIfEmpty(lookup(d)?[col]));
                var prob = labeled.IndexOf(task.Name + "_prob");
                if (prob >= 0)
                {
                    used.Add(prob);
                    Add("pred_" + task.Name, ColumnKind.Number,
                        seedWordScores ? $"{task.Name}: seed-word score of the predicted label (not a probability)" : $"{task.Name}: probability of the predicted label",
                        seedWordScores ? $"{task.Name}: 种子词得分(非概率)" : $"{task.Name}: 预测概率", d => Number(lookup(d)?[prob], labeled, task.Name + "_prob", cellWarnings), suffix: "_prob");
                }
                for (var li = 0; li < task.Labels.Count; li++)
                {
                    var label = task.Labels[li];
                    var ind = labeled.IndexOf(task.Name + "_" + label.Code);
                    var p = labeled.IndexOf(task.Name + "_" + label.Code + "_prob");
                    var stem = "pred_" + task.Name + "_" + ColumnNames.Sanitize(label.Code);
                    var fallbackStem = "pred_" + task.Name + "_" + (li + 1).ToString(CultureInfo.InvariantCulture);
                    var stemOk = ColumnNames.Sanitize(label.Code).Length > 0;
                    if (ind >= 0)
                    {
                        used.Add(ind);
                        Add(stemOk ? stem : fallbackStem, ColumnKind.WholeNumber, $"{task.Name}: {label.En ?? label.Code} (predicted)",
                            $"{task.Name}: {label.Zh ?? label.Code} (预测)", d => Integer(lookup(d)?[ind], labeled, task.Name + "_" + label.Code, cellWarnings), YesNo.Name);
                    }
                    if (p >= 0)
                    {
                        used.Add(p);
                        Add(stemOk ? stem : fallbackStem, ColumnKind.Number,
                            seedWordScores ? $"{task.Name}: seed-word score of {label.En ?? label.Code}" : $"{task.Name}: P({label.En ?? label.Code})",
                            seedWordScores ? $"{task.Name}: {label.Zh ?? label.Code} 种子词得分" : $"{task.Name}: {label.Zh ?? label.Code} 概率", d => Number(lookup(d)?[p], labeled, task.Name + "_" + label.Code + "_prob", cellWarnings), suffix: "_prob");
                    }
                }
            }
            var uncertaintyCol = labeled.IndexOf("uncertainty");
            if (uncertaintyCol >= 0)
            {
                uncertainty = d => double.TryParse(lookup(d)?[uncertaintyCol], NumberStyles.Float, CultureInfo.InvariantCulture, out var u) ? u : null;
            }
            var review = labeled.IndexOf("needs_review");
            if (review >= 0)
            {
                used.Add(review);
                needsReview = d => IsTrue(lookup(d)?[review]);
                Add("needs_review", ColumnKind.WholeNumber, "prediction uncertain: review by hand", "预测不确定,需人工复核",
                    d => Integer(lookup(d)?[review], labeled, "needs_review", cellWarnings), YesNo.Name);
            }
            for (var i = 0; i < labeled.Columns.Count; i++)
            {
                if (!used.Contains(i) && !DocumentColumns.Contains(labeled.Columns[i]))
                {
                    // Other columns (e.g. classify's uncertainty): numbers stay numbers.
                    var c = i;
                    var name = labeled.Columns[i];
                    // Numeric when every non-empty cell is a number (and there is one); no list of the cells (issue 15).
                    var any = false;
                    var numeric = labeled.AllRows().Select(r => r[c]).Where(v => v.Length > 0)
                        .All(v => (any = true) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) && any;
                    Add("pred_" + name, numeric ? ColumnKind.Number : ColumnKind.Text, $"{name} (from the labeled CSV)", $"{name} (分类结果)",
                        numeric ? d => Number(lookup(d)?[c], labeled, name, cellWarnings) : d => NullIfEmpty(lookup(d)?[c]));
                }
            }
        }

        if (coded is not null)
        {
            var lookup = Matcher(coded, docs, warnings);
            var byName = tasks.ToDictionary(t => t.Name, StringComparer.Ordinal);
            for (var i = 0; i < coded.Columns.Count; i++)
            {
                var name = coded.Columns[i];
                if (DocumentColumns.Contains(name) || string.Equals(name, coded.KeyColumn, StringComparison.Ordinal))
                {
                    continue;
                }
                var c = i;
                Add("coded_" + name, ColumnKind.Text, $"{name}: hand-coded", $"{name}: 人工编码", d => NullIfEmpty(lookup(d)?[c]));
                if (!byName.TryGetValue(name, out var task))
                {
                    continue;
                }
                // Coders may write the zh/en names (经济, economic) instead of the codes, as train accepts: resolve them.
                codedLabels[name] = d => ResolveCodes(task, SplitLabels(lookup(d)?[c]));
                if (!task.IsMultilabel)
                {
                    continue;
                }
                for (var li = 0; li < task.Labels.Count; li++)
                {
                    var label = task.Labels[li];
                    var code = label.Code;
                    var part = ColumnNames.Sanitize(code);
                    Add("coded_" + name + "_" + (part.Length > 0 ? part : (li + 1).ToString(CultureInfo.InvariantCulture)),
                        ColumnKind.WholeNumber, $"{name}: {label.En ?? code} (hand-coded)", $"{name}: {label.Zh ?? code} (人工编码)",
                        d => lookup(d) is { } row ? (ResolveCodes(task, SplitLabels(row[c]))?.Contains(code, StringComparer.Ordinal) == true ? 1L : 0L) : null,
                        YesNo.Name);
                }
            }
        }

        // Rows are computed when a writer reads them, not kept (issue 15, memory in corpus size: a 100,000-row table of
        // boxed cells and joined strings was ~100 MB beside the documents it is computed from). The first complete
        // reading collects the cells' warnings (unparsable numbers), in row order; reading the warnings before any
        // writer has read the rows reads them once for that.
        ComputedList<IReadOnlyList<object?>>? rows = null;
        rows = new ComputedList<IReadOnlyList<object?>>(docs, d =>
        {
            var row = new object?[cells.Count];
            for (var i = 0; i < cells.Count; i++)
            {
                row[i] = cells[i](d);
            }
            return row;
        }, () => cellWarnings = new HashSet<string>(StringComparer.Ordinal));
        var allWarnings = new CollectedWarnings(warnings, () =>
        {
            if (cellWarnings == warnings)
            {
                foreach (var _ in rows)
                {
                }
            }
        });
        // What the networks and the report need of each document, kept compact (issue 15, memory in corpus size): the
        // label lists repeat from document to document ("economic", "economic;transport"), so equal lists are one
        // shared array, and each per-task map is a small sorted array (same ordinal order as before), or one shared
        // empty map.
        var pool = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        IReadOnlyList<string> Shared(IReadOnlyList<string> values)
        {
            var key = string.Join('\u0001', values);
            if (pool.TryGetValue(key, out var same))
            {
                return same;
            }
            IReadOnlyList<string> list = values.ToArray();
            if (pool.Count < 100_000)
            {
                pool[key] = list;
            }
            return list;
        }
        AgreementRecord Record(ExtractedDocument d)
        {
            SortedList<string, IReadOnlyList<string>>? labels = null, machine = null, hand = null;
            foreach (var task in tasks)
            {
                var p = predicted.TryGetValue(task.Name, out var pf) ? pf(d) : null;
                var c = codedLabels.TryGetValue(task.Name, out var cf) ? cf(d) : null;
                if (p is not null)
                {
                    p = Shared(p);
                    (machine ??= new SortedList<string, IReadOnlyList<string>>(tasks.Count, StringComparer.Ordinal))[task.Name] = p;
                }
                if (c is not null)
                {
                    c = Shared(c);
                    (hand ??= new SortedList<string, IReadOnlyList<string>>(tasks.Count, StringComparer.Ordinal))[task.Name] = c;
                }
                if ((p ?? c) is { } values)
                {
                    (labels ??= new SortedList<string, IReadOnlyList<string>>(tasks.Count, StringComparer.Ordinal))[task.Name] = values;
                }
            }
            return new AgreementRecord(d.DocId, d.Path, d.Title, YearOf(d.Metadata.Date), d.Metadata.Signatories, d.Metadata.Parties, d.Metadata.Form,
                (IReadOnlyDictionary<string, IReadOnlyList<string>>?)labels ?? NoLabels, d.Quality.NeedsOcr, needsReview(d), d.Error, d.Quality.ReplacementRate)
            {
                Predicted = (IReadOnlyDictionary<string, IReadOnlyList<string>>?)machine ?? NoLabels,
                Coded = (IReadOnlyDictionary<string, IReadOnlyList<string>>?)hand ?? NoLabels,
                Uncertainty = uncertainty(d),
            };
        }
        var agreements = new ComputedList<AgreementRecord>(docs, Record);
        return new ExportDataset(columns, rows, [Scope, Level, YesNo], tasks, agreements, allWarnings, rowsChecked: true)
        {
            AgreementsByDocId = new ComputedList<AgreementRecord>(byDocId, Record),
        };
    }

    /// <summary>Tasks from the model card, then tasks inferred from the labeled CSV's column pattern
    /// (<c>T</c> + <c>T_prob</c> → multiclass; <c>T</c> + <c>T_x_prob</c> → multi-label with label x).</summary>
    public static IReadOnlyList<ExportTask> DiscoverTasks(LabelTable? labeled, LabelTable? coded, ModelCardView? card)
    {
        var tasks = new List<ExportTask>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in card?.Tasks ?? [])
        {
            if (known.Add(t.Name))
            {
                tasks.Add(new ExportTask(t.Name, t.IsMultilabel, t.Labels));
            }
        }
        if (labeled is not null)
        {
            // Multi-label first (T beside T_x and T_x_prob), so that T_x + T_x_prob is not taken for a multiclass task.
            var labelColumns = new HashSet<string>(StringComparer.Ordinal);
            foreach (var task in tasks.Where(t => t.IsMultilabel))
            {
                foreach (var l in task.Labels)
                {
                    labelColumns.Add(task.Name + "_" + l.Code);
                }
            }
            foreach (var col in labeled.Columns)
            {
                if (known.Contains(col) || DocumentColumns.Contains(col) || col.EndsWith("_prob", StringComparison.Ordinal))
                {
                    continue;
                }
                var prefix = col + "_";
                var perLabel = labeled.Columns
                    .Where(c => c.StartsWith(prefix, StringComparison.Ordinal) && c.EndsWith("_prob", StringComparison.Ordinal)
                        && c.Length > prefix.Length + "_prob".Length && labeled.IndexOf(c[..^"_prob".Length]) >= 0)
                    .Select(c => c[prefix.Length..^"_prob".Length])
                    .ToList();
                if (perLabel.Count > 0)
                {
                    known.Add(col);
                    tasks.Add(new ExportTask(col, true, perLabel.Select(code => new ModelCardLabel { Code = code }).ToList()));
                    foreach (var code in perLabel)
                    {
                        labelColumns.Add(prefix + code);
                    }
                }
            }
            foreach (var col in labeled.Columns)
            {
                if (known.Contains(col) || labelColumns.Contains(col) || DocumentColumns.Contains(col) || col.EndsWith("_prob", StringComparison.Ordinal))
                {
                    continue;
                }
                if (labeled.IndexOf(col + "_prob") >= 0)
                {
                    known.Add(col);
                    tasks.Add(new ExportTask(col, false, DistinctValues(labeled, col, split: false)));
                }
            }
        }
        _ = coded; // hand-coded columns without a model card or labeled CSV stay plain text columns (no codebook to trust).
        return tasks;
    }

    private static List<ModelCardLabel> DistinctValues(LabelTable table, string column, bool split)
    {
        var i = table.IndexOf(column);
        return table.AllRows().Select(r => r[i])
            .SelectMany(v => split ? v.Split(';') : [v])
            .Select(v => v.Trim())
            .Where(v => v.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(v => new ModelCardLabel { Code = v })
            .ToList();
    }

    private static List<string>? SplitLabels(string? cell)
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            return null;
        }
        return cell.Split([';', '；']).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
    }

    /// <summary>Each value as its label code when it is a code, a zh name or an en name (case-insensitive), as
    /// <see cref="Classification.CodebookTask.Resolve"/> does for train; other values stay as written.</summary>
    private static List<string>? ResolveCodes(ExportTask task, List<string>? values) =>
        values?.Select(v => task.Labels.FirstOrDefault(l => string.Equals(l.Code, v, StringComparison.Ordinal))?.Code
            ?? task.Labels.FirstOrDefault(l => l.Zh is not null && string.Equals(l.Zh, v, StringComparison.Ordinal))?.Code
            ?? task.Labels.FirstOrDefault(l => l.En is not null && string.Equals(l.En, v, StringComparison.OrdinalIgnoreCase))?.Code
            ?? v).Distinct(StringComparer.Ordinal).ToList();

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string? Join(IEnumerable<string> parts)
    {
        var s = string.Join(";", parts);
        return s.Length == 0 ? null : s;
    }

    /// <summary>The year of an ISO 8601 date (yyyy, yyyy-MM or yyyy-MM-dd), or null.</summary>
    public static int? YearOf(string? date) =>
        date is { Length: >= 4 } && int.TryParse(date.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2200
            ? y : null;

    private static long? ScopeOf(ExtractedDocument d) => d.Metadata.Signatories.Count switch
    {
        0 => null,
        1 => 1,
        2 => 2,
        _ => 3,
    };

    private static int? TopLevel(ExtractedDocument d)
    {
        int? best = null;
        foreach (var s in d.Metadata.Signatories)
        {
            if (LevelCode(s.Level) is { } c && (best is null || c < best))
            {
                best = c;
            }
        }
        return best;
    }

    private static bool IsTrue(string? cell) =>
        cell is not null && (cell.Trim() is "1" or "true" or "True" or "TRUE" or "yes");

    private static double? Number(string? cell, LabelTable table, string column, ICollection<string> warnings)
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            return null;
        }
        if (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }
        warnings.Add($"{table.Path}: column {column} holds '{cell}', not a number; exported as empty.");
        return null;
    }

    private static long? Integer(string? cell, LabelTable table, string column, ICollection<string> warnings)
    {
        if (string.IsNullOrWhiteSpace(cell))
        {
            return null;
        }
        var t = cell.Trim();
        if (long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }
        if (t is "true" or "True" or "TRUE")
        {
            return 1;
        }
        if (t is "false" or "False" or "FALSE")
        {
            return 0;
        }
        warnings.Add($"{table.Path}: column {column} holds '{cell}', not 0/1; exported as empty.");
        return null;
    }
}
