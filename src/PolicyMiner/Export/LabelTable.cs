namespace PolicyMiner.Export;

/// <summary>
/// A labeled CSV (from <c>classify</c>) or a hand-coded CSV, keyed by <c>doc_id</c> (or, for coded CSVs without
/// one, by <c>file</c>). Cells are kept as text exactly as written.
/// </summary>
public sealed class LabelTable
{
    /// <summary>Path the table was read from (for messages).</summary>
    public string Path { get; }

    /// <summary>The key column: <c>doc_id</c> or <c>file</c>.</summary>
    public string KeyColumn { get; }

    /// <summary>Header names in file order, key column included.</summary>
    public IReadOnlyList<string> Columns { get; }

    private static readonly string[] OtherKeys = ["file", "path", "sha256"];
    private readonly Dictionary<string, string[]> rows;

    private LabelTable(string path, string keyColumn, IReadOnlyList<string> columns, Dictionary<string, string[]> rows, string? encodingNote)
    {
        Path = path;
        KeyColumn = keyColumn;
        Columns = columns;
        this.rows = rows;
        EncodingNote = encodingNote;
    }

    private LabelTable(string path, string keyColumn, IReadOnlyList<string> columns, LabelStore store, string? encodingNote)
        : this(path, keyColumn, columns, new Dictionary<string, string[]>(StringComparer.Ordinal), encodingNote)
    {
        Store = store;
    }

    /// <summary>The rows on disk (<see cref="ReadToDisk"/>), or null when they are in memory.</summary>
    internal LabelStore? Store { get; }

    /// <summary>When the file was not UTF-8: which encoding it was read in (one line for the log); else null.</summary>
    public string? EncodingNote { get; }

    /// <summary>Number of data rows.</summary>
    public int Count => Store?.Count ?? rows.Count;

    /// <summary>The row for a key, or null.</summary>
    public IReadOnlyList<string>? Row(string key) => Store is { } store ? store.Find(key) : rows.TryGetValue(key, out var row) ? row : null;

    /// <summary>The keys, in ordinal order.</summary>
    public IEnumerable<string> Keys => Store is { } store
        ? Enumerable.Range(0, store.Count).Select(store.KeyOf).Order(StringComparer.Ordinal)
        : rows.Keys.Order(StringComparer.Ordinal);

    /// <summary>Every row, in no particular order (file order on disk), for what does not depend on the order.</summary>
    internal IEnumerable<IReadOnlyList<string>> AllRows() => Store is { } store ? store.Rows() : rows.Values;

    /// <summary>Index of a column, or -1.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// Hand codes read some other way (a REFI-QDA project) as a coded table: <c>doc_id</c> (the key of each row, e.g.
    /// a source's name) and one column per task, multi-label codes joined by ';'.
    /// </summary>
    internal static LabelTable FromCoded(string path, Classification.CodedSet set)
    {
        var columns = new List<string> { "doc_id" };
        columns.AddRange(set.Codebook.Tasks.Select(t => t.Name));
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var r in set.Rows)
        {
            rows[r.Key] = [r.Key, .. set.Codebook.Tasks.Select(t => string.Join(";", r.Codes.GetValueOrDefault(t.Name) ?? []))];
        }
        return new LabelTable(path, "doc_id", columns, rows, null);
    }

    /// <summary>
    /// Reads a CSV in any encoding <c>extract</c> detects (UTF-8 with or without BOM, GB18030/GBK, Big5, UTF-16 with
    /// BOM), comma separated (classify and export write commas; a detected ';' would misread label lists). Errors name
    /// the file and line and say what to do.
    /// </summary>
    public static LabelTable Read(string path, bool allowFileKey)
    {
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (header, keyName, note) = Parse(path, allowFileKey, (row, line, key, name) =>
        {
            if (!rows.TryAdd(row[key].Trim(), row))
            {
                throw Repeated(path, name, row[key].Trim(), line);
            }
        });
        return new LabelTable(path, keyName, header, rows, note);
    }

    /// <summary>
    /// As <see cref="Read"/>, with the rows in a <see cref="LabelStore"/> at <paramref name="storeFile"/> (a new file, removed by
    /// the caller) instead of in memory: the same rows, the same errors, 16 bytes of memory a row (issue 15).
    /// </summary>
    internal static LabelTable ReadToDisk(string path, bool allowFileKey, string storeFile)
    {
        string keyName = "doc_id";
        IReadOnlyList<string> header = [];
        string? note = null;
        var store = LabelStore.Build(storeFile, sink =>
        {
            (header, keyName, note) = Parse(path, allowFileKey, (row, line, key, name) =>
            {
                keyName = name;
                sink(row, line, key);
            });
        }, (id, line) => Repeated(path, keyName, id, line));
        return new LabelTable(path, keyName, header, store, note);
    }

    private static InvalidDataException Repeated(string path, string keyName, string id, int line) =>
        new($"{path}: line {line} repeats {keyName} '{id}'; each document may appear once. Remove the duplicate row.");

    // Parses the CSV and hands each row (one cell per header column), its line and the key column to onRow.
    private static (IReadOnlyList<string> Header, string KeyName, string? EncodingNote) Parse(string path, bool allowFileKey, Action<string[], int, int, string> onRow)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: file not found.");
        }
        var key = -1;
        var keyName = "doc_id";
        void FindKey(List<string> header)
        {
            key = header.IndexOf("doc_id");
            foreach (var other in OtherKeys)
            {
                if (key < 0 && allowFileKey)
                {
                    key = header.IndexOf(other);
                    keyName = other;
                }
            }
            if (key < 0)
            {
                throw new InvalidDataException(
                    $"{path}: line 1 has no {(allowFileKey ? "doc_id, file, path or sha256" : "doc_id")} column (columns: {string.Join(", ", header)}). " +
                    "Add the document ids from documents.jsonl in a column named doc_id.");
            }
        }
        // Rows are taken as they are parsed, not after the whole file (issue 15, memory in corpus size).
        var csv = CsvFile.Read(path, allowFileKey ? "--coded" : "--labels", (header, line, cells) =>
        {
            if (key < 0)
            {
                FindKey(header);
            }
            var row = new string[header.Count];
            for (var i = 0; i < header.Count; i++)
            {
                row[i] = i < cells.Count ? cells[i] : "";
            }
            var id = row[key].Trim();
            if (id.Length == 0)
            {
                throw new InvalidDataException($"{path}: line {line} has an empty {keyName}; every row needs one.");
            }
            onRow(row, line, key, keyName);
        });
        if (key < 0)
        {
            FindKey(csv.Header);
        }
        return (csv.Header.ToArray(), keyName, csv.EncodingNote);
    }
}
