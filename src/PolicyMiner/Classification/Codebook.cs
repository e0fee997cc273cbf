using System.Text;
using System.Text.Json;

namespace PolicyMiner.Classification;

/// <summary>Whether a task gives each document exactly one label or any number of labels.</summary>
public enum TaskKind
{
    /// <summary>Exactly one label per document (e.g. cooperation type).</summary>
    Multiclass,

    /// <summary>Zero or more labels per document (e.g. cooperation fields); CSV cells hold <c>a;b</c>.</summary>
    Multilabel,
}

/// <summary>
/// The coding scheme: one or more tasks, each with labels (code, zh/en names, definition, seed words).
/// User-editable JSON (<c>corpora/codebook.json</c>, built into the library as <see cref="BuiltIn"/>); <see cref="Load"/>
/// validates a file and names every problem.
/// </summary>
public sealed record Codebook
{
    /// <summary>Codebook name.</summary>
    public string Name { get; init; } = "codebook";

    /// <summary>Free-text description (unit of analysis, coding rules).</summary>
    public string? Description { get; init; }

    /// <summary>The tasks.</summary>
    public IReadOnlyList<CodebookTask> Tasks { get; init; } = [];

    /// <summary>The task with this name (ordinal), or null.</summary>
    public CodebookTask? Find(string name) => Tasks.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    /// <summary>How the built-in codebook is named in messages.</summary>
    public const string BuiltInName = "built-in codebook";

    private const string BuiltInResource = "PolicyMiner.Classification.codebook.json";

    private static readonly Lazy<Codebook> BuiltInBook = new(() =>
        Parse(Encoding.UTF8.GetString(BuiltInJson()), BuiltInName));

    /// <summary>
    /// The codebook that ships inside the tool (the repository's <c>corpora/codebook.json</c>, embedded at build
    /// time), used whenever no <c>--codebook</c> is given, from any working folder.
    /// </summary>
    public static Codebook BuiltIn => BuiltInBook.Value;

    /// <summary>The built-in codebook's JSON file, byte for byte (for <c>policyminer codebook --init</c>).</summary>
    public static byte[] BuiltInJson()
    {
        using var stream = typeof(Codebook).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"{BuiltInResource} is missing from the PolicyMiner library; the build is broken.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// The codebook a command uses: <paramref name="path"/> when given (<c>--codebook</c>), else <see cref="BuiltIn"/>.
    /// <paramref name="description"/> says which, for a line on stderr.
    /// </summary>
    public static Codebook LoadOrBuiltIn(string? path, out string description)
    {
        if (path is not null)
        {
            var book = Load(path);
            description = $"codebook {path} ({string.Join(", ", book.Tasks.Select(t => t.Name))})";
            return book;
        }
        description = $"{BuiltInName} ({string.Join(", ", BuiltIn.Tasks.Select(t => t.Name))}); write an editable copy with `policyminer codebook --init codebook.json` and pass it with --codebook";
        return BuiltIn;
    }

    /// <summary>Reads and validates a codebook JSON file; errors name the file and every problem found.</summary>
    public static Codebook Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CodebookException($"codebook file not found: {path}. Pass an existing JSON file with --codebook (`policyminer codebook --init codebook.json` writes the built-in one to edit), or leave --codebook out to use the built-in codebook.");
        }
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Parses and validates codebook JSON; <paramref name="source"/> names it in errors.</summary>
    public static Codebook Parse(string json, string source)
    {
        Codebook? book;
        try
        {
            book = JsonSerializer.Deserialize<Codebook>(json, ModelCard.JsonOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}" : "";
            throw new CodebookException($"{source}: not a valid codebook JSON file{where} ({ex.Message}). `policyminer codebook --init example.json` writes the built-in codebook as an example of the expected shape.", ex);
        }
        if (book is null)
        {
            throw new CodebookException($"{source}: the file holds JSON null, not a codebook.");
        }
        book.Validate(source);
        return book;
    }

    /// <summary>Checks names, kinds and label codes; throws <see cref="CodebookException"/> listing every problem.</summary>
    public void Validate(string source)
    {
        var problems = new List<string>();
        if (Tasks is null || Tasks.Count == 0)
        {
            problems.Add("it defines no tasks (\"tasks\": [ { \"name\": …, \"kind\": \"multiclass\"|\"multilabel\", \"labels\": [ … ] } ])");
        }
        else
        {
            var seenTasks = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < Tasks.Count; i++)
            {
                var task = Tasks[i];
                var taskName = string.IsNullOrWhiteSpace(task?.Name) ? $"task #{i + 1}" : $"task '{task.Name}'";
                if (task is null)
                {
                    problems.Add($"{taskName} is null");
                    continue;
                }
                if (string.IsNullOrWhiteSpace(task.Name))
                {
                    problems.Add($"{taskName} has no name");
                }
                else if (!IsValidCode(task.Name))
                {
                    problems.Add($"{taskName}: a task name may contain only letters, digits, '_' and '-' (it becomes a CSV column name)");
                }
                else if (!seenTasks.Add(task.Name))
                {
                    problems.Add($"{taskName} is defined twice");
                }
                if (task.Kind is not ("multiclass" or "multilabel"))
                {
                    problems.Add($"{taskName}: unknown kind '{task.Kind}'; known: multiclass, multilabel");
                }
                if (task.Labels is null || task.Labels.Count < 2)
                {
                    problems.Add($"{taskName} needs at least 2 labels");
                    continue;
                }
                var seenLabels = new HashSet<string>(StringComparer.Ordinal);
                for (var j = 0; j < task.Labels.Count; j++)
                {
                    var label = task.Labels[j];
                    if (label is null || string.IsNullOrWhiteSpace(label.Code))
                    {
                        problems.Add($"{taskName}: label #{j + 1} has no code");
                        continue;
                    }
                    if (!IsValidCode(label.Code))
                    {
                        problems.Add($"{taskName}: label code '{label.Code}' may contain only letters, digits, '_' and '-' (no spaces or ';')");
                    }
                    else if (!seenLabels.Add(label.Code))
                    {
                        problems.Add($"{taskName}: label '{label.Code}' is defined twice");
                    }
                }
            }
        }
        if (problems.Count > 0)
        {
            throw new CodebookException($"{source}: invalid codebook:\n  - " + string.Join("\n  - ", problems));
        }
    }

    /// <summary>A code or task name: letters (any script), digits, '_' and '-'.</summary>
    public static bool IsValidCode(string code) =>
        !string.IsNullOrEmpty(code) && code.All(c => char.IsLetterOrDigit(c) || c is '_' or '-');
}

/// <summary>One coding task (a column of the coded CSV).</summary>
public sealed record CodebookTask
{
    /// <summary>Name = column of the coded CSV and of the labeled output.</summary>
    public required string Name { get; init; }

    /// <summary><c>multiclass</c> or <c>multilabel</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Chinese name of the task.</summary>
    public string? Zh { get; init; }

    /// <summary>English name of the task.</summary>
    public string? En { get; init; }

    /// <summary>Coding instructions.</summary>
    public string? Definition { get; init; }

    /// <summary>The labels.</summary>
    public IReadOnlyList<CodebookLabel> Labels { get; init; } = [];

    /// <summary>The kind as an enum (after validation).</summary>
    public TaskKind TaskKind => Kind == "multilabel" ? TaskKind.Multilabel : TaskKind.Multiclass;

    /// <summary>The label codes in codebook order.</summary>
    public IReadOnlyList<string> Codes => Labels.Select(l => l.Code).ToArray();

    /// <summary>Finds the label by code; then, forgivingly, by zh or en name (ordinal, en case-insensitive).</summary>
    public CodebookLabel? Resolve(string value)
    {
        var v = value.Trim();
        return Labels.FirstOrDefault(l => string.Equals(l.Code, v, StringComparison.Ordinal))
            ?? Labels.FirstOrDefault(l => l.Zh is not null && string.Equals(l.Zh, v, StringComparison.Ordinal))
            ?? Labels.FirstOrDefault(l => l.En is not null && string.Equals(l.En, v, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>One label of a task.</summary>
public sealed record CodebookLabel
{
    /// <summary>Code written in CSV cells (letters, digits, '_', '-').</summary>
    public required string Code { get; init; }

    /// <summary>Chinese name.</summary>
    public string? Zh { get; init; }

    /// <summary>English name.</summary>
    public string? En { get; init; }

    /// <summary>What the label means (for coders).</summary>
    public string? Definition { get; init; }

    /// <summary>Words typical of the label, used by <c>classify --seed-words</c> (cold start).</summary>
    public IReadOnlyList<string> SeedWords { get; init; } = [];
}

/// <summary>A codebook is missing, malformed or inconsistent; the message lists the problems.</summary>
public sealed class CodebookException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CodebookException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public CodebookException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public CodebookException() { }
}
