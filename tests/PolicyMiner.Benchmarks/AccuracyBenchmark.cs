using System.Diagnostics;
using System.Globalization;
using System.Text;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// <c>accuracy</c> benchmark: the honest number of issue 4 — stratified 5-fold cross-validation of the whole
/// training procedure (as <c>policyminer evaluate --folds 5</c>) on the four real development corpora in ../shared,
/// beside the reference: a jieba + TF-IDF + LinearSVC scikit-learn baseline. With <c>--sklearn</c> the baseline
/// is run in the same script on the very same folds (needs <c>/usr/bin/python3</c> with sklearn and jieba:
/// <c>apt-get install python3-sklearn python3-jieba</c>); otherwise the figures from the issue are shown.
/// </summary>
internal static class AccuracyBenchmark
{
    /// <summary>One development corpus: where its documents and codes are, and the baseline the issue quotes.</summary>
    private sealed record Corpus(string Name, string Docs, string Labels, string Task, IReadOnlyList<string>? TextColumns, double IssueBaseline);

    public const string Help = "       PolicyMiner.Benchmarks accuracy [--corpus npc-laws,gov-messages,us-congress-bills,regulations] [--seed N] [--trainer NAME] [--no-chars] [--keep-stop-words] [--no-numbers] [--sklearn]";

    public static int Run(string shared, string[] args)
    {
        var root = Path.Combine(shared, "corpora");
        Corpus[] all =
        [
            new("npc-laws", Path.Combine(root, "npc-laws", "docs"), Path.Combine(root, "npc-laws", "labels.csv"), "category", null, 0.83),
            new("gov-messages", Path.Combine(root, "gov-messages", "labels.csv"), Path.Combine(root, "gov-messages", "labels.csv"), "field", ["title", "text"], 0.66),
            new("us-congress-bills", Path.Combine(root, "us-congress-bills", "labels.csv"), Path.Combine(root, "us-congress-bills", "labels.csv"), "topic", ["text"], 0.73),
            new("regulations", Path.Combine(root, "regulations", "docs"), Path.Combine(root, "regulations", "labels.csv"), "fields:multilabel", null, 0.54),
        ];
        var names = Option(args, "--corpus")?.Split(',') ?? all.Select(c => c.Name).ToArray();
        var seed = int.Parse(Option(args, "--seed") ?? "42", CultureInfo.InvariantCulture);
        var trainer = Option(args, "--trainer");
        var sklearn = args.Contains("--sklearn");
        Console.WriteLine($"accuracy benchmark: stratified 5-fold CV macro-F1 (nested: trainer choice and thresholds inside each training fold), seed {seed}, {Environment.ProcessorCount} cores");
        foreach (var corpus in all.Where(c => names.Contains(c.Name)))
        {
            var spec = TaskSpec.Parse(corpus.Task);
            var docs = InputDocuments.Read(corpus.Docs, corpus.TextColumns);
            var coded = CodedLabels.Read([corpus.Labels], null, [spec]);
            var set = TrainingSet.Join(docs, coded);
            var options = new TrainOptions
            {
                Seed = seed,
                Folds = 5,
                Trainers = trainer is null ? null : [trainer],
                Features = new FeatureTokenizerOptions { CharNgrams = !args.Contains("--no-chars"), RemoveStopWords = !args.Contains("--keep-stop-words"), KeepNumbers = !args.Contains("--no-numbers") },
            };
            var watch = Stopwatch.StartNew();
            var cv = ClassifierModel.CrossValidate(set, options, Segmenters.Jieba);
            var seconds = watch.Elapsed.TotalSeconds;
            var m = cv.Metrics[spec.Name];
            var trainers = string.Join(",", cv.Trainers[spec.Name].GroupBy(t => t).Select(g => $"{g.Key}×{g.Count()}"));
            var line = $"  {corpus.Name,-18} {set.Examples.Count,5} docs  macro-F1 {F(m.MacroF1)}  micro-F1 {F(m.MicroF1)}  ({seconds:0.0} s; {trainers})";
            if (sklearn)
            {
                var reference = SklearnBaseline(set, spec, cv, seed);
                line += reference is null ? "  sklearn: not available" : $"  sklearn same folds {F(reference.Value)}  ratio {F(m.MacroF1 / reference.Value)}";
            }
            line += $"  issue's baseline {F(corpus.IssueBaseline)}";
            Console.WriteLine(line);
        }
        return 0;
    }

    /// <summary>Runs the scikit-learn baseline (sklearn_baseline.py beside this file) on the same documents and folds.</summary>
    private static double? SklearnBaseline(TrainingSet set, TaskSpec spec, CrossValidationResult cv, int seed)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "sklearn_baseline.py");
        if (!File.Exists("/usr/bin/python3") || !File.Exists(script))
        {
            return null;
        }
        // Folds: the benchmark recomputes the same stratified assignment the CV used.
        var task = set.Codebook.Tasks.Single(t => t.Name == spec.Name);
        var codes = set.Examples.Select(e => (IReadOnlyCollection<string>)e.Row.Codes[spec.Name].ToArray()).ToArray();
        var strata = task.TaskKind == TaskKind.Multiclass ? codes.Select(c => c.First()).ToArray() : StratifiedFolds.RarestLabelKeys(codes);
        var folds = StratifiedFolds.Assign(strata, 5, seed);
        var tsv = Path.Combine(Path.GetTempPath(), $"pm-sklearn-{Environment.ProcessId}.tsv");
        var sb = new StringBuilder();
        for (var i = 0; i < set.Examples.Count; i++)
        {
            var d = set.Examples[i].Document;
            var text = ((d.Title ?? "") + "\n" + d.Text).Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
            sb.Append(folds[i].ToString(CultureInfo.InvariantCulture)).Append('\t').Append(string.Join(";", codes[i])).Append('\t').Append(text).Append('\n');
        }
        File.WriteAllText(tsv, sb.ToString(), new UTF8Encoding(false));
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/python3", [script, tsv, task.TaskKind == TaskKind.Multiclass ? "multiclass" : "multilabel"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEnd();
            _ = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 && double.TryParse(stdout.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        }
        finally
        {
            File.Delete(tsv);
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
