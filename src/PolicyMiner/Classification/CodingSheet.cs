using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PolicyMiner.Classification;

/// <summary>Options of <see cref="CodingSheet.Write"/>.</summary>
public sealed record CodingSheetOptions
{
    /// <summary>Characters of body text shown in the <c>excerpt</c> column (one line).</summary>
    public int ExcerptChars { get; init; } = 200;

    /// <summary>
    /// The evidence shown in <c>T_evidence</c> for a document and task; null or an empty result leaves the cell empty.
    /// Without it the prediction's own evidence terms are shown as in labeled.csv (<see cref="EvidenceText.Format(TaskPrediction)"/>).
    /// </summary>
    public Func<DocumentPrediction, CodebookTask, string?>? Evidence { get; init; }
}

/// <summary>
/// The coding sheet: one row per document for a person to check or correct the machine's codes.
/// Columns: <c>doc_id</c>, <c>file</c>, <c>title</c>, <c>excerpt</c>; per task <c>T_machine</c> (the machine's
/// codes, multi-label joined by ';'), <c>T_machine_prob</c> and <c>T_evidence</c> (read-only information); then per
/// task the ONE editable place — multiclass: column <c>T</c> (one code, a drop-down of the codebook's codes);
/// multi-label: one 0/1 column <c>T_&lt;code&gt;</c> per label (0/1 drop-down) — pre-filled with the machine's codes;
/// then <c>coder</c> and <c>status</c> (<c>machine</c> until a person sets it to <c>coded</c>).
/// <c>.xlsx</c> adds drop-downs, a frozen header and a <c>codebook</c> sheet; <c>.csv</c> has the same columns (UTF-8 with BOM).
/// <c>train --labels</c> reads back only rows whose status says a person coded them (<see cref="CodedLabels"/>).
/// </summary>
public static partial class CodingSheet
{
    /// <summary>Status of a row nobody has checked yet: its codes are the machine's and are never training labels.</summary>
    public const string StatusMachine = "machine";

    /// <summary>Status of a row a person coded (checked or corrected): its codes are labels.</summary>
    public const string StatusCoded = "coded";

    /// <summary>The status column.</summary>
    public const string StatusColumn = "status";

    /// <summary>The coder column (who coded the row).</summary>
    public const string CoderColumn = "coder";

    /// <summary>Name of the worksheet with the rows (the first sheet of the workbook).</summary>
    public const string SheetName = "coding";

    /// <summary>Status values meaning "a person coded this row" (compared case-insensitively).</summary>
    public static IReadOnlyList<string> CodedStatuses { get; } = [StatusCoded, "reviewed", "已编码", "已审核"];

    /// <summary>The machine's codes of a task: <c>T_machine</c>.</summary>
    public static string MachineColumn(string task) => task + "_machine";

    /// <summary>The machine's probability of a task: <c>T_machine_prob</c>.</summary>
    public static string MachineProbColumn(string task) => task + "_machine_prob";

    /// <summary>The evidence of a task's machine codes: <c>T_evidence</c>.</summary>
    public static string EvidenceColumn(string task) => task + "_evidence";

    /// <summary>The editable 0/1 column of one label of a multi-label task: <c>T_&lt;code&gt;</c>.</summary>
    public static string LabelColumn(string task, string code) => task + "_" + code;

    private static readonly string[] InfoColumns = ["doc_id", "file", "title", "excerpt"];

    /// <summary>
    /// Writes a coding sheet to <paramref name="path"/> (<c>.xlsx</c> or <c>.csv</c>, by extension) atomically:
    /// one row per document of <paramref name="docs"/>, in that order, with the machine's codes from
    /// <paramref name="predictions"/> (matched by doc_id; null or a missing prediction leaves the row uncoded).
    /// </summary>
    public static void Write(string path, Codebook codebook, IReadOnlyList<InputDocument> docs, IReadOnlyList<DocumentPrediction>? predictions, CodingSheetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(docs);
        var layout = Build(codebook, docs, predictions, options ?? new CodingSheetOptions());
        var ext = Path.GetExtension(path).ToLowerInvariant();
        switch (ext)
        {
            case ".xlsx":
                CodingSheetXlsx.Write(path, codebook, layout);
                break;
            case ".csv":
                WriteCsv(path, layout);
                break;
            default:
                throw new ArgumentException($"coding sheet {path}: unsupported extension '{ext}'; use .xlsx (drop-downs, for Excel/LibreOffice/WPS) or .csv.");
        }
    }

    /// <summary>The sheet's columns and rows before they become a file.</summary>
    internal static SheetLayout Build(Codebook codebook, IReadOnlyList<InputDocument> docs, IReadOnlyList<DocumentPrediction>? predictions, CodingSheetOptions options)
    {
        var columns = InfoColumns.Select(n => new SheetColumn(n, SheetColumnKind.Info, null)).ToList();
        foreach (var task in codebook.Tasks)
        {
            columns.Add(new SheetColumn(MachineColumn(task.Name), SheetColumnKind.Machine, task));
            columns.Add(new SheetColumn(MachineProbColumn(task.Name), SheetColumnKind.Probability, task));
            columns.Add(new SheetColumn(EvidenceColumn(task.Name), SheetColumnKind.Evidence, task));
        }
        foreach (var task in codebook.Tasks)
        {
            if (task.TaskKind == TaskKind.Multiclass)
            {
                columns.Add(new SheetColumn(task.Name, SheetColumnKind.Code, task));
            }
            else
            {
                columns.AddRange(task.Codes.Select(code => new SheetColumn(LabelColumn(task.Name, code), SheetColumnKind.Flag, task, code)));
            }
        }
        columns.Add(new SheetColumn(CoderColumn, SheetColumnKind.Coder, null));
        columns.Add(new SheetColumn(StatusColumn, SheetColumnKind.Status, null));
        var clash = columns.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new CodebookException($"coding sheet: two columns would both be named '{clash.Key}' (a task or label code clashes with the sheet's own columns: doc_id, file, title, excerpt, coder, status, T_machine, T_machine_prob, T_evidence). Rename the task or label in the codebook.");
        }

        var byId = new Dictionary<string, DocumentPrediction>(StringComparer.Ordinal);
        foreach (var p in predictions ?? [])
        {
            byId[p.DocId] = p;
        }
        var ids = docs.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var stray = byId.Keys.Where(k => !ids.Contains(k)).Take(3).ToList();
        if (stray.Count > 0)
        {
            throw new ArgumentException($"coding sheet: predictions for documents that are not among the sheet's documents (e.g. {string.Join(", ", stray)}).");
        }
        var rows = new List<object?[]>(docs.Count);
        foreach (var doc in docs)
        {
            var p = byId.GetValueOrDefault(doc.Id);
            var row = new object?[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                var col = columns[i];
                var tp = col.Task is null ? null : p?.Tasks.GetValueOrDefault(col.Task.Name);
                row[i] = col.Kind switch
                {
                    SheetColumnKind.Info => col.Name switch
                    {
                        "doc_id" => doc.Id,
                        "file" => doc.File,
                        "title" => doc.Title,
                        _ => Excerpt(doc, options.ExcerptChars),
                    },
                    SheetColumnKind.Machine => tp is null ? null : string.Join(";", tp.Labels),
                    SheetColumnKind.Probability => tp is null ? null : Probability(col.Task!, tp),
                    SheetColumnKind.Evidence => p is null || tp is null ? null : options.Evidence is { } evidence ? evidence(p, col.Task!) : EvidenceText.Format(tp),
                    SheetColumnKind.Code => tp is { Labels.Count: > 0 } ? tp.Labels[0] : null,
                    // Without a prediction the 0/1 cells stay empty: a person must decide every label.
                    SheetColumnKind.Flag => tp is null ? null : tp.Labels.Contains(col.Code!, StringComparer.Ordinal) ? 1L : 0L,
                    SheetColumnKind.Status => StatusMachine,
                    _ => null,
                };
            }
            rows.Add(row);
        }
        return new SheetLayout(columns, rows);
    }

    /// <summary>Multiclass: the chosen code's probability (a number); multi-label: the chosen codes' probabilities joined by ';'.</summary>
    private static object? Probability(CodebookTask task, TaskPrediction tp)
    {
        if (tp.Labels.Count == 0)
        {
            return null;
        }
        if (task.TaskKind == TaskKind.Multiclass)
        {
            return Math.Round(tp.Probabilities.GetValueOrDefault(tp.Labels[0]), 4);
        }
        return string.Join(";", tp.Labels.Select(l => tp.Probabilities.GetValueOrDefault(l).ToString("0.###", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// The first <paramref name="chars"/> characters of the body on one line: the leading title line skipped (it has its
    /// own column), HTML comments and Markdown heading marks dropped, whitespace runs collapsed.
    /// </summary>
    internal static string Excerpt(InputDocument doc, int chars)
    {
        // Only the opening matters; cap the text so a 1 MB document costs no more than a short one.
        var head = doc.Text.Length > chars * 8 + 4000 ? doc.Text[..(chars * 8 + 4000)] : doc.Text;
        head = HtmlComment().Replace(head, " ");
        var title = doc.Title?.Trim();
        var sb = new StringBuilder(chars + 1);
        var started = false;
        foreach (var raw in head.Split('\n'))
        {
            var line = raw.Trim().TrimStart('#').Trim();
            if (!started && (line.Length == 0 || string.Equals(line, title, StringComparison.Ordinal)))
            {
                continue;
            }
            started = true;
            foreach (var c in line)
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    if (sb.Length > 0 && sb[^1] != ' ')
                    {
                        sb.Append(' ');
                    }
                    continue;
                }
                if (sb.Length >= chars)
                {
                    return sb.ToString().TrimEnd() + "…";
                }
                sb.Append(c);
            }
            if (sb.Length > 0 && sb[^1] != ' ')
            {
                sb.Append(' ');
            }
        }
        return sb.ToString().TrimEnd();
    }

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    private static void WriteCsv(string path, SheetLayout layout) =>
        AtomicFile.Write(path, w =>
        {
            Csv.WriteRow(w, layout.Columns.Select(c => c.Name));
            foreach (var row in layout.Rows)
            {
                Csv.WriteRow(w, row.Select(v => v switch
                {
                    null => "",
                    double d => d.ToString("0.####", CultureInfo.InvariantCulture),
                    long l => l.ToString(CultureInfo.InvariantCulture),
                    _ => v.ToString() ?? "",
                }));
            }
        }, AtomicFile.Utf8Bom);
}

/// <summary>What a sheet column holds.</summary>
internal enum SheetColumnKind
{
    /// <summary>doc_id, file, title, excerpt.</summary>
    Info,

    /// <summary>T_machine.</summary>
    Machine,

    /// <summary>T_machine_prob.</summary>
    Probability,

    /// <summary>T_evidence.</summary>
    Evidence,

    /// <summary>Editable multiclass code.</summary>
    Code,

    /// <summary>Editable 0/1 of one label.</summary>
    Flag,

    /// <summary>coder.</summary>
    Coder,

    /// <summary>status.</summary>
    Status,
}

/// <summary>A sheet column.</summary>
/// <param name="Name">Header.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Task">Its task, if any.</param>
/// <param name="Code">Flag columns: the label code.</param>
internal sealed record SheetColumn(string Name, SheetColumnKind Kind, CodebookTask? Task, string? Code = null)
{
    /// <summary>Whether a coder edits this column.</summary>
    public bool Editable => Kind is SheetColumnKind.Code or SheetColumnKind.Flag or SheetColumnKind.Coder or SheetColumnKind.Status;
}

/// <summary>Columns and rows (cells: string, double, long or null).</summary>
/// <param name="Columns">The columns.</param>
/// <param name="Rows">One row per document.</param>
internal sealed record SheetLayout(IReadOnlyList<SheetColumn> Columns, IReadOnlyList<object?[]> Rows);
