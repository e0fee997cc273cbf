using System.Globalization;

namespace PolicyMiner.Classification;

/// <summary>How one <c>--labels</c> file contributed: its kind and how many of its rows a person coded.</summary>
/// <param name="Path">The file as given.</param>
/// <param name="Kind"><c>coding sheet</c> (written by <c>classify --sheet</c>), <c>coded table</c> (a hand-coded CSV/XLSX) or <c>REFI-QDA project</c> (.qdpx).</param>
/// <param name="Rows">Data rows read.</param>
/// <param name="Coded">Rows coded by a person (coding sheet: status coded; coded table: every row with a key).</param>
/// <param name="MachineSkipped">Coding sheet rows still at status machine (never labels).</param>
public sealed record LabelFileSummary(string Path, string Kind, int Rows, int Coded, int MachineSkipped)
{
    /// <summary>One line for the user, e.g. <c>round1.xlsx: coding sheet, 48 rows: 30 coded by people, 18 left as machine (skipped, not labels)</c>.</summary>
    public override string ToString() => Kind switch
    {
        "coding sheet" => $"{Path}: coding sheet, {Rows} rows: {Coded} coded by people, {MachineSkipped} left as machine (skipped, not labels)",
        Export.Qdpx.QdpxLabels.Kind => $"{Path}: {Kind}, {Rows} text sources: {Coded} coded by people, {MachineSkipped} coded only by {Export.Qdpx.QdpxProject.MachineUser} (skipped, not labels)",
        _ => $"{Path}: coded table, {Coded} coded rows",
    };
}

/// <summary>
/// Reads a coding sheet (<see cref="CodingSheet"/>) back as labels: only rows whose status says a person coded them.
/// A machine row whose code cells differ from its machine codes, and a coded row with an empty or invalid code,
/// are errors that name the file, sheet, row and column.
/// </summary>
internal static class CodingSheetReader
{
    private const int MaxProblems = 12;

    /// <summary>
    /// Whether a table is a coding sheet: a status column, and a <c>T_machine</c> column, a coder column or a status
    /// value of the sheet (machine, coded, …). A coder who deleted the machine columns still has a sheet (its machine
    /// rows must never become labels), while a policy table's own "status" column (in force, repealed) does not make one.
    /// </summary>
    public static bool IsSheet(InputDocuments.TableRows table)
    {
        var header = table.Header;
        var status = header.FindIndex(h => h.Equals(CodingSheet.StatusColumn, StringComparison.OrdinalIgnoreCase));
        if (status < 0)
        {
            return false;
        }
        return header.Any(h => h.EndsWith("_machine", StringComparison.OrdinalIgnoreCase))
            || header.Contains(CodingSheet.CoderColumn, StringComparer.OrdinalIgnoreCase)
            || table.Rows.Any(r => status < r.Cells.Count && r.Cells[status].Trim() is { Length: > 0 } v
                && (v.Equals(CodingSheet.StatusMachine, StringComparison.OrdinalIgnoreCase) || CodingSheet.CodedStatuses.Contains(v, StringComparer.OrdinalIgnoreCase)));
    }

    /// <summary>Whether a table is <c>classify</c>'s machine output (labeled.csv or review.csv).</summary>
    public static bool IsMachineOutput(List<string> header) =>
        header.Any(h => h.Equals("needs_review", StringComparison.OrdinalIgnoreCase)
            || h.Equals("uncertainty", StringComparison.OrdinalIgnoreCase)
            || h.EndsWith("_prob", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a sheet carries a task (its machine column or its editable column).</summary>
    public static bool HasTask(List<string> header, string task) =>
        header.Contains(CodingSheet.MachineColumn(task), StringComparer.OrdinalIgnoreCase)
        || header.Contains(task, StringComparer.OrdinalIgnoreCase)
        || header.Any(h => h.StartsWith(task + "_", StringComparison.OrdinalIgnoreCase));

    /// <summary>The tasks of a sheet, inferred from its columns when no codebook is given (labels: the 0/1 columns, or the codes seen).</summary>
    public static List<CodebookTask> InferTasks(string path, InputDocuments.TableRows table)
    {
        var header = table.Header;
        var tasks = new List<CodebookTask>();
        foreach (var machine in header.Where(h => h.EndsWith("_machine", StringComparison.Ordinal)))
        {
            var name = machine[..^"_machine".Length];
            if (header.Contains(name, StringComparer.Ordinal))
            {
                var mc = header.IndexOf(machine);
                var ec = header.IndexOf(name);
                var values = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var (_, cells) in table.Rows)
                {
                    foreach (var c in new[] { mc, ec })
                    {
                        var v = c < cells.Count ? cells[c].Trim() : "";
                        if (v.Length > 0 && Codebook.IsValidCode(v))
                        {
                            values.Add(v);
                        }
                    }
                }
                tasks.Add(new CodebookTask { Name = name, Kind = "multiclass", Labels = values.Select(v => new CodebookLabel { Code = v }).ToList() });
                continue;
            }
            var own = new HashSet<string>([machine, CodingSheet.MachineProbColumn(name), CodingSheet.EvidenceColumn(name)], StringComparer.Ordinal);
            var codes = header.Where(h => h.StartsWith(name + "_", StringComparison.Ordinal) && !own.Contains(h)).Select(h => h[(name.Length + 1)..]).ToList();
            tasks.Add(new CodebookTask { Name = name, Kind = "multilabel", Labels = codes.Select(c => new CodebookLabel { Code = c }).ToList() });
        }
        if (tasks.Count == 0)
        {
            throw new InvalidDataException($"{path}: a coding sheet without T_machine columns; write the sheet with `policyminer classify … --sheet`.");
        }
        return tasks;
    }

    /// <summary>One row a person coded: its key, line and codes per task.</summary>
    public sealed record SheetRow(string Key, int Line, Dictionary<string, IReadOnlyList<string>> Codes)
    {
        /// <summary>The coder column's name of the person, or null.</summary>
        public string? Coder { get; init; }
    }

    /// <summary>Reads the coded rows of a sheet; throws listing every contradiction (up to a dozen).</summary>
    public static (List<SheetRow> Rows, LabelFileSummary Summary) Read(string path, InputDocuments.TableRows table, Codebook book, string keyColumn)
    {
        var header = table.Header;
        int Col(string name) => header.FindIndex(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        string Where(int line, int col) =>
            $"{path}{(table.Sheet is { } s ? $", sheet '{s}'" : "")}, row {line.ToString(CultureInfo.InvariantCulture)}, column '{header[col]}'"
            + (table.Sheet is not null ? $" ({Export.DatasetXlsx.ColumnLetters(col)})" : "");
        var keyCol = Col(keyColumn);
        if (keyCol < 0)
        {
            throw new InvalidDataException($"{path}: no {keyColumn} column (the first labels file is keyed by {keyColumn}); columns are: {string.Join(", ", header)}.");
        }
        var statusCol = Col(CodingSheet.StatusColumn);
        var coderCol = Col(CodingSheet.CoderColumn);
        var tasks = new List<(CodebookTask Task, int Machine, int Code, int[] Flags)>();
        foreach (var task in book.Tasks)
        {
            if (!HasTask(header, task.Name))
            {
                continue;
            }
            var machine = Col(CodingSheet.MachineColumn(task.Name));
            if (task.TaskKind == TaskKind.Multiclass)
            {
                var code = Col(task.Name);
                if (code < 0)
                {
                    throw new InvalidDataException($"{path}: the coding sheet has no column '{task.Name}' for the codes of multiclass task '{task.Name}'; write a new sheet with `policyminer classify … --sheet`.");
                }
                tasks.Add((task, machine, code, []));
                continue;
            }
            var flags = task.Codes.Select(c => Col(CodingSheet.LabelColumn(task.Name, c))).ToArray();
            var missing = task.Codes.Where((_, i) => flags[i] < 0).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidDataException($"{path}: the coding sheet has no 0/1 column for label(s) {string.Join(", ", missing)} of task '{task.Name}' ({string.Join(", ", missing.Select(m => CodingSheet.LabelColumn(task.Name, m)))}); the codebook has them. Write a new sheet with `policyminer classify … --sheet` (or give the codebook the sheet was written with).");
            }
            tasks.Add((task, machine, -1, flags));
        }
        var problems = new List<string>();
        var rows = new List<SheetRow>();
        int coded = 0, machineRows = 0;
        foreach (var (line, cells) in table.Rows)
        {
            string Cell(int i) => i >= 0 && i < cells.Count ? cells[i].Trim() : "";
            var key = Cell(keyCol);
            if (key.Length == 0)
            {
                continue;
            }
            var status = Cell(statusCol);
            var isCoded = CodingSheet.CodedStatuses.Contains(status, StringComparer.OrdinalIgnoreCase);
            if (!isCoded && status.Length > 0 && !status.Equals(CodingSheet.StatusMachine, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{Where(line, statusCol)}: unknown status '{status}'; write coded (a person checked this row's codes) or machine (not checked yet).");
                continue;
            }
            if (!isCoded)
            {
                machineRows++;
                foreach (var (task, machine, code, flags) in tasks)
                {
                    if (machine < 0)
                    {
                        // Without the machine column (deleted by a coder) an edit cannot be told apart; the row is skipped all the same.
                        continue;
                    }
                    var machineCodes = Cell(machine).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (code >= 0)
                    {
                        var cell = Cell(code);
                        var resolved = cell.Length == 0 ? "" : task.Resolve(cell)?.Code ?? cell;
                        if (!string.Equals(resolved, machineCodes.FirstOrDefault() ?? "", StringComparison.Ordinal))
                        {
                            problems.Add($"{Where(line, code)}: codes edited but status still 'machine' (machine: '{machineCodes.FirstOrDefault()}', cell: '{cell}'): set status to coded (and your name in coder) or undo the edit.");
                        }
                        continue;
                    }
                    for (var k = 0; k < flags.Length; k++)
                    {
                        var cell = Cell(flags[k]);
                        var expected = machineCodes.Contains(task.Codes[k], StringComparer.Ordinal);
                        // An empty 0/1 cell in an unchecked row means 0 (rows without a prediction are written empty).
                        var same = expected ? Flag(cell) == true : cell.Length == 0 || Flag(cell) == false;
                        if (!same)
                        {
                            problems.Add($"{Where(line, flags[k])}: codes edited but status still 'machine' (machine: {(expected ? 1 : 0)}, cell: '{cell}'): set status to coded (and your name in coder) or undo the edit.");
                        }
                    }
                }
                continue;
            }
            coded++;
            var codes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (task, _, code, flags) in tasks)
            {
                if (code >= 0)
                {
                    var cell = Cell(code);
                    if (cell.Length == 0)
                    {
                        problems.Add($"{Where(line, code)}: the row is coded but the code is empty: choose a code of '{task.Name}' ({string.Join(", ", task.Codes)}), or set status back to machine.");
                    }
                    else if (task.Resolve(cell) is { } label)
                    {
                        codes[task.Name] = [label.Code];
                    }
                    else
                    {
                        problems.Add($"{Where(line, code)}: '{cell}' is not a code of '{task.Name}'; known: {string.Join(", ", task.Codes)}. Choose one from the drop-down (the codebook sheet explains them).");
                    }
                    continue;
                }
                var chosen = new List<string>();
                var ok = true;
                for (var k = 0; k < flags.Length; k++)
                {
                    var cell = Cell(flags[k]);
                    switch (Flag(cell))
                    {
                        case true:
                            chosen.Add(task.Codes[k]);
                            break;
                        case false:
                            break;
                        default:
                            ok = false;
                            problems.Add(cell.Length == 0
                                ? $"{Where(line, flags[k])}: the row is coded but the cell is empty: write 1 (the document has label '{task.Codes[k]}') or 0 (it has not)."
                                : $"{Where(line, flags[k])}: '{cell}' is not 0 or 1: write 1 (the document has label '{task.Codes[k]}') or 0 (it has not).");
                            break;
                    }
                }
                if (ok)
                {
                    codes[task.Name] = chosen;
                }
            }
            rows.Add(new SheetRow(key, line, codes) { Coder = Cell(coderCol) is { Length: > 0 } who ? who : null });
        }
        if (problems.Count > 0)
        {
            var shown = problems.Take(MaxProblems).ToList();
            var more = problems.Count > MaxProblems ? $"\n  … and {problems.Count - MaxProblems} more" : "";
            throw new InvalidDataException($"{path}: {problems.Count} problem(s) in the coding sheet; fix them and run again:\n  - {string.Join("\n  - ", shown)}{more}");
        }
        return (rows, new LabelFileSummary(path, "coding sheet", coded + machineRows, coded, machineRows));
    }

    /// <summary>A 0/1 cell: true, false, or null when it is neither (numbers such as 1.0 count; Excel may store them so).</summary>
    private static bool? Flag(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v == 1 ? true : v == 0 ? false : null
            : null;
}
