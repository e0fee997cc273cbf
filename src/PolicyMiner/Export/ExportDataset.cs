using PolicyMiner.Extraction;

namespace PolicyMiner.Export;

/// <summary>Storage kind of an exported column.</summary>
public enum ColumnKind
{
    /// <summary>Text (string).</summary>
    Text,

    /// <summary>Whole number (counts, years, 0/1 indicators, coded categories).</summary>
    WholeNumber,

    /// <summary>Real number (probabilities, ratios).</summary>
    Number,
}

/// <summary>A column of the exported dataset.</summary>
/// <param name="Name">Stata/R-valid name (see <see cref="ColumnNames"/>).</param>
/// <param name="Kind">Storage kind.</param>
/// <param name="LabelEn">English variable label.</param>
/// <param name="LabelZh">Chinese variable label.</param>
/// <param name="ValueLabels">Name of the <see cref="ValueLabelSet"/> for coded integers, else null.</param>
public sealed record ExportColumn(string Name, ColumnKind Kind, string LabelEn, string LabelZh, string? ValueLabels = null);

/// <summary>One value label of a coded integer column.</summary>
public sealed record ValueLabel(long Value, string En, string Zh);

/// <summary>A named set of value labels (Stata <c>label define</c>).</summary>
public sealed record ValueLabelSet(string Name, IReadOnlyList<ValueLabel> Labels);

/// <summary>A classification task seen in the inputs (from the model card, or inferred from CSV columns).</summary>
/// <param name="Name">Task name as in the CSVs.</param>
/// <param name="IsMultilabel">True for multi-label tasks.</param>
/// <param name="Labels">Labels in codebook order.</param>
public sealed record ExportTask(string Name, bool IsMultilabel, IReadOnlyList<ModelCardLabel> Labels);

/// <summary>What the network and the report need of one document.</summary>
/// <param name="DocId">Document id.</param>
/// <param name="File">Source path.</param>
/// <param name="Title">Title, if found.</param>
/// <param name="Year">Year signed/issued, if found.</param>
/// <param name="Signatories">Signatory governments in order of first mention.</param>
/// <param name="Parties">Every signing or issuing body (empty for documents extracted before parties existed).</param>
/// <param name="Form">Document form (协议, 通知, …), if found.</param>
/// <param name="Labels">Per task: the labels (predicted where available, else hand-coded).</param>
/// <param name="NeedsOcr">Extraction flagged pages without a usable text layer.</param>
/// <param name="NeedsReview">Classify flagged the prediction as uncertain.</param>
/// <param name="Error">Extraction error, if the document could not be read.</param>
/// <param name="ReplacementRate">Share of replacement/private-use characters.</param>
public sealed record AgreementRecord(
    string DocId,
    string File,
    string? Title,
    int? Year,
    IReadOnlyList<Signatory> Signatories,
    IReadOnlyList<Party> Parties,
    string? Form,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Labels,
    bool NeedsOcr,
    bool NeedsReview,
    string? Error,
    double ReplacementRate)
{
    /// <summary>Machine codes (labeled CSV) per task; empty without one.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Predicted { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Hand codes (--coded) per task; empty without them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Coded { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>classify's uncertainty, when the labeled CSV has it.</summary>
    public double? Uncertainty { get; init; }
}

/// <summary>
/// The analysis-ready table: one row per document, typed columns with bilingual labels, value-label sets, the
/// codebook of the tasks, and a per-document view for networks and the report. Immutable once built.
/// </summary>
public sealed class ExportDataset
{
    /// <summary>Creates a dataset; rows must have one cell per column (string, long, double or null).</summary>
    public ExportDataset(
        IReadOnlyList<ExportColumn> columns,
        IReadOnlyList<IReadOnlyList<object?>> rows,
        IReadOnlyList<ValueLabelSet> valueLabelSets,
        IReadOnlyList<ExportTask> tasks,
        IReadOnlyList<AgreementRecord> agreements,
        IReadOnlyList<string> warnings)
        : this(columns, rows, valueLabelSets, tasks, agreements, warnings, rowsChecked: false)
    {
    }

    /// <summary>As the public constructor; <paramref name="rowsChecked"/>: the rows are computed with one cell per column by
    /// construction, so they are not read here (for a spooled export that would be one more pass over every document).</summary>
    internal ExportDataset(
        IReadOnlyList<ExportColumn> columns,
        IReadOnlyList<IReadOnlyList<object?>> rows,
        IReadOnlyList<ValueLabelSet> valueLabelSets,
        IReadOnlyList<ExportTask> tasks,
        IReadOnlyList<AgreementRecord> agreements,
        IReadOnlyList<string> warnings,
        bool rowsChecked)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rowsChecked ? [] : rows)
        {
            if (row.Count != columns.Count)
            {
                throw new ArgumentException($"a row has {row.Count} cells; the table has {columns.Count} columns.", nameof(rows));
            }
        }
        Columns = columns;
        Rows = rows;
        ValueLabelSets = valueLabelSets;
        Tasks = tasks;
        Agreements = agreements;
        Warnings = warnings;
    }

    /// <summary>Columns in output order.</summary>
    public IReadOnlyList<ExportColumn> Columns { get; }

    /// <summary>Rows in output order (sorted by file, then id).</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }

    /// <summary>Value-label sets referenced by <see cref="ExportColumn.ValueLabels"/>.</summary>
    public IReadOnlyList<ValueLabelSet> ValueLabelSets { get; }

    /// <summary>Tasks with their codebook labels.</summary>
    public IReadOnlyList<ExportTask> Tasks { get; }

    /// <summary>Per-document view, same order as <see cref="Rows"/>.</summary>
    public IReadOnlyList<AgreementRecord> Agreements { get; }

    /// <summary>The per-document view in doc_id order (ordinal), as the networks read it; computed when read for a spooled export.</summary>
    internal IReadOnlyList<AgreementRecord> AgreementsByDocId
    {
        get => byDocId ??= Agreements.OrderBy(a => a.DocId, StringComparer.Ordinal).ToList();
        init => byDocId = value;
    }

    private IReadOnlyList<AgreementRecord>? byDocId;

    /// <summary>Things the user should know (unmatched ids, unparsable numbers).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Formats a cell as text the way every writer does (invariant culture, shortest round-trip numbers).</summary>
    public static string FormatCell(object? value) => value switch
    {
        null => "",
        string s => s,
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
