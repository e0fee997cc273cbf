namespace PolicyMiner.Classification;

/// <summary>A task named on the command line: <c>--task NAME[:multilabel]</c>.</summary>
/// <param name="Name">Column of the coded CSV.</param>
/// <param name="Kind">Kind given after ':' (null = from the codebook, or multiclass without one).</param>
public sealed record TaskSpec(string Name, TaskKind? Kind)
{
    /// <summary>Parses <c>NAME</c>, <c>NAME:multiclass</c> or <c>NAME:multilabel</c>.</summary>
    public static TaskSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parts = spec.Split(':', 2);
        var name = parts[0].Trim();
        if (!Codebook.IsValidCode(name))
        {
            throw new ArgumentException($"--task '{spec}': a task name may contain only letters, digits, '_' and '-'.");
        }
        if (parts.Length == 1)
        {
            return new TaskSpec(name, null);
        }
        return parts[1].Trim() switch
        {
            "multilabel" => new TaskSpec(name, TaskKind.Multilabel),
            "multiclass" => new TaskSpec(name, TaskKind.Multiclass),
            var other => throw new ArgumentException($"--task '{spec}': unknown kind '{other}'; known: multiclass, multilabel."),
        };
    }
}

/// <summary>One coded row: the document key and its codes per task (multiclass: one code).</summary>
/// <param name="Key">doc_id or file value.</param>
/// <param name="Source">file:row for messages.</param>
/// <param name="Codes">task → codes (tasks whose cell was empty are absent).</param>
/// <param name="SecondCoder">task → (coder A codes, coder B codes) where the CSV carries two coders' columns.</param>
public sealed record CodedRow(
    string Key, string Source,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Codes,
    IReadOnlyDictionary<string, (IReadOnlyList<string> A, IReadOnlyList<string> B)> SecondCoder)
{
    /// <summary>The <c>--labels</c> file the row came from (as given).</summary>
    public string? LabelFile { get; init; }

    /// <summary>
    /// Who coded what, when the file says: coder → task → codes (a coding sheet's or table's <c>coder</c> column, or
    /// the users of a REFI-QDA project). Empty when the file names no coder. <see cref="Codes"/> is what trains.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> ByCoder { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>();
}

/// <summary>The coded CSV(s), validated against the codebook.</summary>
/// <param name="Codebook">The effective codebook (given, or built from the CSV values and <c>--task</c>).</param>
/// <param name="KeyColumn"><c>doc_id</c>, <c>file</c>, <c>path</c> or <c>sha256</c>; values are matched by <see cref="DocumentMatcher"/>.</param>
/// <param name="Rows">Coded rows (a later CSV's row replaces an earlier one with the same key).</param>
/// <param name="CoderColumns">task → the two coders' column names, when present.</param>
/// <param name="Warnings">Non-fatal problems.</param>
public sealed record CodedSet(
    Codebook Codebook, string KeyColumn, IReadOnlyList<CodedRow> Rows,
    IReadOnlyDictionary<string, (string A, string B)> CoderColumns, IReadOnlyList<string> Warnings)
{
    /// <summary>What the user should know that is not a problem: the encoding of each CSV not read as UTF-8.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Per <c>--labels</c> file, in the order given: its kind and how many rows people coded.</summary>
    public IReadOnlyList<LabelFileSummary> Files { get; init; } = [];
}

/// <summary>
/// Reads labels: coding sheets written by <c>classify --sheet</c> (only rows with status coded are labels, see
/// <see cref="CodingSheetReader"/>) and hand-coded CSV/XLSX tables: a <c>doc_id</c> or <c>file</c> key column, one
/// column per task (multi-label cells <c>a;b</c>), and optionally two coders' columns per task
/// (<c>T_coder_a</c>/<c>T_coder_b</c>, or <c>coder_a</c>/<c>coder_b</c> when there is one task) for human-vs-human
/// agreement. classify's labeled.csv/review.csv (machine output) is refused. Later files' rows replace earlier ones.
/// </summary>
public static class CodedLabels
{
    /// <summary>Columns that can say which document a row codes, in order of preference.</summary>
    public static IReadOnlyList<string> KeyColumns { get; } = ["doc_id", "file", "path", "sha256"];

    /// <summary>Reads and validates coded CSVs against a codebook (or builds one from the values when null).</summary>
    public static CodedSet Read(IReadOnlyList<string> paths, Codebook? codebook, IReadOnlyList<TaskSpec> taskSpecs)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(taskSpecs);
        if (paths.Count == 0)
        {
            throw new InvalidDataException("no coded CSV given (--labels CODED.csv).");
        }
        if (paths.Any(Export.Qdpx.QdpxProject.IsProjectFile))
        {
            return ReadWithProjects(paths, codebook, taskSpecs);
        }
        var tables = paths.Select(p => (Path: p, Table: ReadTable(p))).ToList();
        foreach (var (path, table) in tables)
        {
            if (!CodingSheetReader.IsSheet(table) && CodingSheetReader.IsMachineOutput(table.Header))
            {
                throw new InvalidDataException($"--labels {path}: this is classify's machine output (it has needs_review/uncertainty/…_prob columns): its codes are the model's guesses, not a person's, and training on them would teach the model its own mistakes. Write a coding sheet with `policyminer classify … --sheet coding.xlsx`, correct the codes there, set status to coded, and pass the sheet to --labels.");
            }
        }
        var first = tables[0];
        var keyColumn = KeyColumns.FirstOrDefault(k => first.Table.Header.Contains(k, StringComparer.OrdinalIgnoreCase))
            ?? throw new InvalidDataException($"{first.Path}: no doc_id, file, path or sha256 column; columns are: {string.Join(", ", first.Table.Header)}. The key column says which document each row codes (doc_id as in documents.jsonl / labeled.csv, or the file name).");

        var book = codebook is not null ? SelectTasks(codebook, taskSpecs, first.Path, first.Table)
            : CodingSheetReader.IsSheet(first.Table) ? SheetCodebook(first.Path, first.Table, taskSpecs)
            : BuildCodebook(tables, taskSpecs);
        var warnings = new List<string>();
        var coderColumns = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var rows = new Dictionary<string, CodedRow>(StringComparer.Ordinal);
        var files = new List<LabelFileSummary>();
        foreach (var (path, table) in tables)
        {
            var header = table.Header;
            if (CodingSheetReader.IsSheet(table))
            {
                foreach (var task in book.Tasks.Where(t => !CodingSheetReader.HasTask(header, t.Name)))
                {
                    warnings.Add($"{path}: no columns for task '{task.Name}'; this sheet codes nothing for that task.");
                }
                var (sheetRows, summary) = CodingSheetReader.Read(path, table, book, keyColumn);
                foreach (var r in sheetRows)
                {
                    if (rows.ContainsKey(r.Key))
                    {
                        warnings.Add($"{path}: row {r.Line} codes {r.Key} again; this later row replaces the earlier one.");
                    }
                    rows[r.Key] = new CodedRow(r.Key, $"{path}: row {r.Line}", r.Codes, new Dictionary<string, (IReadOnlyList<string>, IReadOnlyList<string>)>()) { LabelFile = path, ByCoder = OneCoder(r.Coder, r.Codes) };
                }
                files.Add(summary);
                continue;
            }
            var read = 0;
            int Col(string name) => header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            var keyCol = Col(keyColumn);
            var coderCol = Col(CodingSheet.CoderColumn);
            if (keyCol < 0)
            {
                throw new InvalidDataException($"{path}: no {keyColumn} column (the first coded CSV is keyed by {keyColumn}); columns are: {string.Join(", ", header)}.");
            }
            var taskCols = new List<(CodebookTask Task, int Col, int A, int B)>();
            foreach (var task in book.Tasks)
            {
                var c = Col(task.Name);
                if (c < 0)
                {
                    warnings.Add($"{path}: no column '{task.Name}'; this file codes nothing for that task.");
                    continue;
                }
                var (a, b) = (Col(task.Name + "_coder_a"), Col(task.Name + "_coder_b"));
                if ((a < 0 || b < 0) && book.Tasks.Count == 1)
                {
                    (a, b) = (Col("coder_a"), Col("coder_b"));
                }
                if (a >= 0 && b >= 0)
                {
                    coderColumns[task.Name] = (header[a], header[b]);
                }
                taskCols.Add((task, c, a >= 0 && b >= 0 ? a : -1, a >= 0 && b >= 0 ? b : -1));
            }
            foreach (var (line, cells) in table.Rows)
            {
                string Cell(int i) => i >= 0 && i < cells.Count ? cells[i].Trim() : "";
                var key = Cell(keyCol);
                if (key.Length == 0)
                {
                    warnings.Add($"{path}: row {line} has an empty {keyColumn}; skipped.");
                    continue;
                }
                var codes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                var coders = new Dictionary<string, (IReadOnlyList<string>, IReadOnlyList<string>)>(StringComparer.Ordinal);
                foreach (var (task, col, a, b) in taskCols)
                {
                    var parsed = ParseCell(path, table.EncodingNote, line, task, Cell(col));
                    if (parsed is not null)
                    {
                        codes[task.Name] = parsed;
                    }
                    if (a >= 0 && ParseCell(path, table.EncodingNote, line, task, Cell(a)) is { } ca && ParseCell(path, table.EncodingNote, line, task, Cell(b)) is { } cb)
                    {
                        coders[task.Name] = (ca, cb);
                    }
                }
                if (rows.ContainsKey(key))
                {
                    warnings.Add($"{path}: row {line} codes {key} again; this later row replaces the earlier one.");
                }
                rows[key] = new CodedRow(key, $"{path}: row {line}", codes, coders) { LabelFile = path, ByCoder = OneCoder(Cell(coderCol), codes) };
                read++;
            }
            files.Add(new LabelFileSummary(path, "coded table", table.Rows.Count, read, 0));
        }
        if (rows.Count == 0)
        {
            throw new InvalidDataException(files.Any(f => f.MachineSkipped > 0)
                ? $"{string.Join(", ", paths)}: no row coded by a person: every coding-sheet row still has status machine ({files.Sum(f => f.MachineSkipped)} rows). Check a row's codes, then set its status to coded (and your name in coder); only such rows train the model."
                : $"{string.Join(", ", paths)}: no coded rows.");
        }
        return new CodedSet(book, keyColumn, rows.Values.OrderBy(r => r.Key, StringComparer.Ordinal).ToList(), coderColumns, warnings)
        {
            Files = files,
            Notes = tables.Select(t => t.Table.EncodingNote).OfType<string>().ToList(),
        };
    }

    /// <summary>
    /// Labels files among which is a REFI-QDA project (.qdpx/.qde, <see cref="Export.Qdpx.QdpxLabels"/>): each file is
    /// read alone against the codebook and the results are merged in the order given (a later file's row replaces an
    /// earlier one with the same key).
    /// </summary>
    private static CodedSet ReadWithProjects(IReadOnlyList<string> paths, Codebook? codebook, IReadOnlyList<TaskSpec> taskSpecs)
    {
        var book = codebook ?? throw new InvalidDataException($"{paths.First(Export.Qdpx.QdpxProject.IsProjectFile)}: a REFI-QDA project's codes are mapped to a codebook's labels; pass --codebook (without --task naming a column the built-in codebook lacks).");
        var sets = paths.Select(p => Export.Qdpx.QdpxProject.IsProjectFile(p) ? Export.Qdpx.QdpxLabels.Read(p, book, taskSpecs) : Read([p], book, taskSpecs)).ToList();
        var rows = new Dictionary<string, CodedRow>(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var set in sets)
        {
            warnings.AddRange(set.Warnings);
            foreach (var r in set.Rows)
            {
                if (rows.ContainsKey(r.Key))
                {
                    warnings.Add($"{r.Source}: codes {r.Key} again; this later row replaces the earlier one.");
                }
                rows[r.Key] = r;
            }
        }
        var tasks = book.Tasks.Where(t => sets.Any(s => s.Codebook.Find(t.Name) is not null)).ToList();
        var coders = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var (task, pair) in sets.SelectMany(s => s.CoderColumns))
        {
            coders[task] = pair;
        }
        return new CodedSet(book with { Tasks = tasks }, sets[0].KeyColumn, rows.Values.OrderBy(r => r.Key, StringComparer.Ordinal).ToList(), coders, warnings)
        {
            Files = sets.SelectMany(s => s.Files).ToList(),
            Notes = sets.SelectMany(s => s.Notes).ToList(),
        };
    }

    /// <summary>coder → codes for a row coded by one named person; empty when the name is empty.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> OneCoder(string? coder, IReadOnlyDictionary<string, IReadOnlyList<string>> codes) =>
        string.IsNullOrWhiteSpace(coder)
            ? new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>()
            : new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal) { [coder.Trim()] = codes };

    /// <summary>Parses one cell: null when empty (not coded), else the codes (validated against the task's labels).</summary>
    private static List<string>? ParseCell(string path, string? encodingNote, int line, CodebookTask task, string cell)
    {
        if (cell.Length == 0)
        {
            return null;
        }
        var values = cell.Split([';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (values.Length == 0)
        {
            return null;
        }
        if (task.TaskKind == TaskKind.Multiclass && values.Length > 1)
        {
            throw new InvalidDataException($"{path}: row {line}, column '{task.Name}': '{cell}' has several labels, but '{task.Name}' is multiclass (one label per document). Keep one label, or declare the task multilabel (--task {task.Name}:multilabel or \"kind\": \"multilabel\" in the codebook).");
        }
        var codes = new List<string>();
        foreach (var v in values)
        {
            var label = task.Resolve(v) ?? throw new InvalidDataException(
                $"{path}: row {line}, column '{task.Name}': unknown label '{v}'; known: {string.Join(", ", task.Codes)}" +
                (task.Labels.Any(l => l.Zh is not null) ? $" (or their Chinese names: {string.Join(", ", task.Labels.Select(l => l.Zh).OfType<string>())})" : "") +
                ". Fix the cell, or add the label to the codebook." +
                (encodingNote is null ? "" : $" Note: {encodingNote.Replace(path + ": ", "the file was ", StringComparison.Ordinal)}; if the Chinese looks garbled, save it again as \"CSV UTF-8\"."));
            if (!codes.Contains(label.Code, StringComparer.Ordinal))
            {
                codes.Add(label.Code);
            }
        }
        return codes;
    }

    private static Codebook SelectTasks(Codebook codebook, IReadOnlyList<TaskSpec> specs, string path, InputDocuments.TableRows table)
    {
        var header = table.Header;
        if (specs.Count == 0)
        {
            var present = codebook.Tasks.Where(t => CodingSheetReader.IsSheet(table) ? CodingSheetReader.HasTask(header, t.Name) : header.Contains(t.Name, StringComparer.OrdinalIgnoreCase)).ToList();
            if (present.Count == 0)
            {
                throw new InvalidDataException($"{path}: none of the codebook's tasks ({string.Join(", ", codebook.Tasks.Select(t => t.Name))}) is a column; columns are: {string.Join(", ", header)}. Name the columns after the tasks, or use --task.");
            }
            return codebook with { Tasks = present };
        }
        var tasks = new List<CodebookTask>();
        foreach (var spec in specs)
        {
            var task = codebook.Find(spec.Name) ?? throw new InvalidDataException(
                $"--task {spec.Name}: the codebook has no such task; known: {string.Join(", ", codebook.Tasks.Select(t => t.Name))}.");
            if (spec.Kind is { } kind && kind != task.TaskKind)
            {
                throw new InvalidDataException($"--task {spec.Name}: the codebook declares it {task.Kind}, not {kind.ToString().ToLowerInvariant()}.");
            }
            tasks.Add(task);
        }
        return codebook with { Tasks = tasks };
    }

    /// <summary>Without --codebook: the tasks of a coding sheet from its columns (--task picks and checks them).</summary>
    private static Codebook SheetCodebook(string path, InputDocuments.TableRows table, IReadOnlyList<TaskSpec> specs)
    {
        var inferred = CodingSheetReader.InferTasks(path, table);
        var tasks = new List<CodebookTask>();
        foreach (var spec in specs)
        {
            var task = inferred.FirstOrDefault(t => t.Name == spec.Name) ?? throw new InvalidDataException(
                $"--task {spec.Name}: the coding sheet {path} has no such task; its tasks: {string.Join(", ", inferred.Select(t => t.Name))}.");
            if (spec.Kind is { } kind && kind != task.TaskKind)
            {
                throw new InvalidDataException($"--task {spec.Name}: the coding sheet {path} holds it as {task.Kind} (multi-label tasks have one 0/1 column per label), not {kind.ToString().ToLowerInvariant()}.");
            }
            tasks.Add(task);
        }
        var book = new Codebook { Name = "from-coding-sheet", Description = "Tasks and labels taken from the coding sheet's columns (no --codebook given).", Tasks = specs.Count == 0 ? inferred : tasks };
        book.Validate(path);
        return book;
    }

    private static Codebook BuildCodebook(List<(string Path, InputDocuments.TableRows Table)> tables, IReadOnlyList<TaskSpec> specs)
    {
        var header = tables[0].Table.Header;
        if (specs.Count == 0)
        {
            throw new InvalidDataException($"{tables[0].Path}: without --codebook, name the task columns with --task NAME[:multilabel]; columns are: {string.Join(", ", header)}.");
        }
        var tasks = new List<CodebookTask>();
        foreach (var spec in specs)
        {
            var kind = spec.Kind ?? TaskKind.Multiclass;
            var values = new SortedSet<string>(StringComparer.Ordinal);
            var found = false;
            foreach (var (path, table) in tables)
            {
                var c = table.Header.FindIndex(h => string.Equals(h, spec.Name, StringComparison.OrdinalIgnoreCase));
                if (c < 0)
                {
                    continue;
                }
                found = true;
                foreach (var (_, cells) in table.Rows)
                {
                    var cell = c < cells.Count ? cells[c] : "";
                    foreach (var v in cell.Split([';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!Codebook.IsValidCode(v))
                        {
                            throw new InvalidDataException($"{path}: column '{spec.Name}' has the value '{v}', which cannot be a label code (letters, digits, '_' and '-' only). Recode it, or write a codebook.");
                        }
                        values.Add(v);
                    }
                }
            }
            if (!found)
            {
                throw new InvalidDataException($"--task {spec.Name}: no such column in {tables[0].Path}; columns are: {string.Join(", ", header)}.");
            }
            tasks.Add(new CodebookTask
            {
                Name = spec.Name,
                Kind = kind == TaskKind.Multilabel ? "multilabel" : "multiclass",
                Labels = values.Select(v => new CodebookLabel { Code = v }).ToList(),
            });
        }
        var book = new Codebook { Name = "from-coded-csv", Description = "Labels taken from the values of the coded CSV (no --codebook given).", Tasks = tasks };
        book.Validate(tables[0].Path);
        return book;
    }

    private static InputDocuments.TableRows ReadTable(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"--labels {path}: file not found.");
        }
        return Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase)
            ? InputDocuments.ReadXlsxRows(path)
            : InputDocuments.ReadCsvRows(path, "--labels");
    }
}
