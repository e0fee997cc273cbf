using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Cli;

/// <summary>What <c>train</c>, <c>evaluate</c> and <c>classify</c> share: reading inputs, printing metrics, error handling.</summary>
internal static class ClassificationCli
{
    /// <summary>Runs a command body; known input errors become one clear line on stderr and exit code 1.</summary>
    public static int Guard(CliConsole console, string verb, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is InvalidDataException or CodebookException or ModelLoadException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            console.Err.WriteLine($"{verb}: error: {ex.Message}");
            return CliApp.ExitError;
        }
    }

    /// <summary>The <c>--id-column</c> option of verbs that read <c>--docs</c>.</summary>
    public static Option<string?> IdColumnOption() => new("--id-column") { Description = "CSV/XLSX --docs: the column holding each document's id (default doc_id)" };

    /// <summary>Splits <c>--text-columns title,text</c>.</summary>
    public static IReadOnlyList<string>? TextColumns(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Reads documents + coded CSVs (+ codebook) into a training set, printing warnings.</summary>
    public static TrainingSet ReadTrainingSet(CliConsole console, string verb, string docs, IReadOnlyList<string> labels, string? codebookPath, IReadOnlyList<string> tasks, IReadOnlyList<string>? textColumns, string? idColumn = null) =>
        ReadTrainingSet(console, verb, docs, labels, ResolveCodebook(console, verb, codebookPath, tasks), tasks, textColumns, idColumn);

    /// <summary>
    /// The codebook of <c>train</c>/<c>evaluate</c>: <c>--codebook FILE</c>; else the built-in one — unless <c>--task</c>
    /// names a column the built-in codebook does not have (e.g. <c>--task category</c>), then null: the labels are the
    /// values seen in that column. Says on stderr which.
    /// </summary>
    public static Codebook? ResolveCodebook(CliConsole console, string verb, string? codebookPath, IReadOnlyList<string> tasks)
    {
        var foreign = codebookPath is null
            ? tasks.Select(TaskSpec.Parse).Where(t => Codebook.BuiltIn.Find(t.Name) is null).Select(t => t.Name).ToList()
            : [];
        if (foreign.Count > 0)
        {
            console.Err.WriteLine($"{verb}: no --codebook, and the built-in codebook has no task {string.Join(", ", foreign)}: the labels are the values found in the coded column(s)");
            return null;
        }
        var book = Codebook.LoadOrBuiltIn(codebookPath, out var description);
        console.Err.WriteLine($"{verb}: {description}");
        return book;
    }

    /// <summary>Same, with an already loaded codebook (e.g. a model card's).</summary>
    public static TrainingSet ReadTrainingSet(CliConsole console, string verb, string docs, IReadOnlyList<string> labels, Codebook? codebook, IReadOnlyList<string> tasks, IReadOnlyList<string>? textColumns, string? idColumn = null)
    {
        var specs = tasks.Select(TaskSpec.Parse).ToList();
        var coded = CodedLabels.Read(labels, codebook, specs);
        var documents = InputDocuments.Read(docs, textColumns, idColumn);
        foreach (var note in coded.Notes.Concat(documents.Notes))
        {
            console.Err.WriteLine($"{verb}: {note}");
        }
        foreach (var f in coded.Files)
        {
            console.Err.WriteLine($"{verb}: {f}");
        }
        console.Err.WriteLine($"{verb}: {documents.Documents.Count} documents from {docs}, {coded.Rows.Count} coded rows from {string.Join(", ", labels)}");
        var set = TrainingSet.Join(documents, coded);
        console.Err.WriteLine($"{verb}: {set.Matching}");
        foreach (var w in set.Warnings)
        {
            console.Err.WriteLine($"{verb}: warning: {w}");
        }
        return set;
    }

    /// <summary>Prints a task's metrics as a readable table.</summary>
    public static void PrintMetrics(TextWriter err, string task, string kind, TaskMetrics m, IReadOnlyList<string>? trainers = null)
    {
        static string F(double v) => double.IsNaN(v) ? "  n/a" : v.ToString("0.000", CultureInfo.InvariantCulture);
        var how = m.Folds > 0 ? $"{m.Folds}-fold stratified cross-validation" : "test file";
        err.WriteLine();
        err.WriteLine($"task '{task}' ({kind}), {m.Documents} documents, {how}");
        if (trainers is { Count: > 0 })
        {
            err.WriteLine($"  trainer per fold: {string.Join(", ", trainers)}");
        }
        var width = Math.Max(12, m.PerLabel.Count == 0 ? 0 : m.PerLabel.Max(l => l.Label.Length) + 2);
        err.WriteLine($"  {"label".PadRight(width)} precision  recall      f1  support" + (kind == "multilabel" ? "   kappa" : ""));
        foreach (var l in m.PerLabel)
        {
            err.WriteLine($"  {l.Label.PadRight(width)}     {F(l.Precision)}   {F(l.Recall)}   {F(l.F1)}  {l.Support,7}" + (l.Kappa is { } k ? $"   {F(k)}" : ""));
        }
        err.WriteLine($"  macro-F1 {F(m.MacroF1)}   micro-F1 {F(m.MicroF1)}   {(kind == "multilabel" ? "exact match" : "accuracy")} {F(m.Accuracy)}   Cohen's κ model vs coders {F(m.Kappa)}");
        if (m.HumanAgreement is { } h)
        {
            err.WriteLine($"  human coders {h.CoderA} vs {h.CoderB} ({h.Documents} documents): Cohen's κ {F(h.Kappa)}   Krippendorff's α {F(h.Alpha)}");
        }
        if (m.Confusion is { } c && c.Labels.Count <= 25)
        {
            err.WriteLine("  confusion (rows = coded, columns = predicted):");
            var w = Math.Max(5, c.Labels.Max(l => l.Length) + 1);
            err.WriteLine("  " + "".PadRight(w) + string.Concat(c.Labels.Select((_, i) => (i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(5))));
            for (var i = 0; i < c.Labels.Count; i++)
            {
                err.WriteLine($"  {((i + 1).ToString(CultureInfo.InvariantCulture) + " " + c.Labels[i]).PadRight(w + 3)}" + string.Concat(c.Matrix[i].Select(v => v.ToString(CultureInfo.InvariantCulture).PadLeft(5)))[2..]);
            }
        }
    }

    /// <summary>Prints a learning curve as a table (rows = share of coded documents, columns = tasks) and its verdict.</summary>
    public static void PrintLearningCurve(TextWriter err, LearningCurve curve)
    {
        var tasks = curve.Points.SelectMany(p => p.MacroF1.Keys).Distinct(StringComparer.Ordinal).ToArray();
        err.WriteLine();
        err.WriteLine($"learning curve: {curve.Folds}-fold cross-validated macro-F1 on stratified subsamples of the coded documents (seed {curve.Seed})");
        err.WriteLine("  share  documents" + string.Concat(tasks.Select(t => t.PadLeft(Math.Max(8, t.Length + 2)))));
        foreach (var p in curve.Points)
        {
            err.WriteLine($"  {p.Share,5:P0}  {p.Documents,9}" + string.Concat(tasks.Select(t =>
                (p.MacroF1.TryGetValue(t, out var v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a").PadLeft(Math.Max(8, t.Length + 2)))));
        }
        err.WriteLine($"  {curve.Verdict}");
    }

    /// <summary>Writes a JSON report atomically.</summary>
    public static void WriteJson<T>(string path, T value) =>
        AtomicFile.Write(path, w => w.Write(JsonSerializer.Serialize(value, ModelCard.JsonOptions) + "\n"));

    /// <summary>The segmenter behind the features.</summary>
    public static SegmenterInfo Segmenter => Segmenters.Jieba;
}
