using System.Diagnostics;
using System.Globalization;
using System.Text;
using PolicyMiner.Classification;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// Runs sklearn_baseline.py (beside this file) on exactly the documents and folds PolicyMiner used: the outer folds
/// of <c>ClassifierModel.CrossValidate</c> and, per
/// outer training part, the inner 3-fold split <c>TaskLearning.Fit</c> tunes its thresholds on — so the tuned
/// baseline sees the same tuning data as ours.
/// </summary>
internal static class SklearnBaseline
{
    private const int OuterFolds = 5;
    private const int InnerFolds = 3;

    /// <summary>5-fold CV on <paramref name="set"/> with the folds <c>evaluate --folds 5 --seed</c> uses: (untuned, tuned) macro-F1.</summary>
    public static (double Untuned, double Tuned) CrossValidation(TrainingSet set, string task, int seed)
    {
        var (kind, codes) = Codes(set, task);
        var outer = TaskLearning.SafeFolds(Strata(kind, codes), OuterFolds, seed);
        var inner = new int[codes.Length][];
        for (var i = 0; i < codes.Length; i++)
        {
            inner[i] = new int[outer.Max() + 1];
        }
        for (var f = 0; f <= outer.Max(); f++)
        {
            var (train, test) = TaskLearning.Split(outer, f);
            var folds = TaskLearning.SafeFolds(Strata(kind, TaskLearning.Pick(codes, train)), InnerFolds, seed);
            for (var j = 0; j < train.Length; j++)
            {
                inner[train[j]][f] = folds[j];
            }
            foreach (var i in test)
            {
                inner[i][f] = -1;
            }
        }
        return Run(set.Examples, outer, inner, codes, kind);
    }

    /// <summary>Trained on <paramref name="dev"/> (inner folds as <c>train --seed</c>), tested on <paramref name="val"/>: (untuned, tuned) macro-F1.</summary>
    public static (double Untuned, double Tuned) Validation(TrainingSet dev, TrainingSet val, string task, int seed)
    {
        var (kind, devCodes) = Codes(dev, task);
        var (_, valCodes) = Codes(val, task);
        var inner = TaskLearning.SafeFolds(Strata(kind, devCodes), InnerFolds, seed);
        var outer = Enumerable.Repeat(-1, devCodes.Length).Concat(Enumerable.Repeat(0, valCodes.Length)).ToArray();
        var innerLists = inner.Select(f => new[] { f }).Concat(valCodes.Select(_ => new[] { -1 })).ToArray();
        return Run(dev.Examples.Concat(val.Examples).ToArray(), outer, innerLists, devCodes.Concat(valCodes).ToArray(), kind);
    }

    private static (TaskKind Kind, IReadOnlyCollection<string>[] Codes) Codes(TrainingSet set, string task) =>
        (set.Codebook.Tasks.Single(t => t.Name == task).TaskKind, set.Examples.Select(e => (IReadOnlyCollection<string>)e.Row.Codes[task].ToArray()).ToArray());

    // The strata TaskLearning/ClassifierModel use: the class (multiclass) or the rarest label (multi-label).
    private static string[] Strata(TaskKind kind, IReadOnlyList<IReadOnlyCollection<string>> codes) =>
        kind == TaskKind.Multiclass ? codes.Select(c => c.First()).ToArray() : StratifiedFolds.RarestLabelKeys(codes);

    private static (double, double) Run(IReadOnlyList<TrainingExample> examples, int[] outer, int[][] inner, IReadOnlyCollection<string>[] codes, TaskKind kind)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "sklearn_baseline.py");
        if (!File.Exists("/usr/bin/python3"))
        {
            throw new InvalidOperationException("--sklearn needs /usr/bin/python3 with scikit-learn and jieba: apt-get install python3-sklearn python3-jieba");
        }
        var tsv = Path.Combine(Path.GetTempPath(), $"pm-sklearn-{Environment.ProcessId}.tsv");
        var sb = new StringBuilder();
        for (var i = 0; i < examples.Count; i++)
        {
            var d = examples[i].Document;
            var text = ((d.Title ?? "") + "\n" + d.Text).Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
            sb.Append(outer[i].ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(string.Join(",", inner[i].Select(f => f.ToString(CultureInfo.InvariantCulture)))).Append('\t')
                .Append(string.Join(";", codes[i])).Append('\t').Append(text).Append('\n');
        }
        File.WriteAllText(tsv, sb.ToString(), new UTF8Encoding(false));
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/python3", [script, tsv, kind == TaskKind.Multiclass ? "multiclass" : "multilabel"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var parts = stdout.Trim().Split(' ');
            if (p.ExitCode != 0 || parts.Length != 2)
            {
                throw new InvalidOperationException($"sklearn_baseline.py failed (exit {p.ExitCode}; needs apt-get install python3-sklearn python3-jieba): {stderr.Result.Trim()}");
            }
            return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(tsv);
        }
    }
}
