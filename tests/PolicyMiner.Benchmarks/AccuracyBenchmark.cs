using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// <c>accuracy</c> benchmark: macro-F1 of the whole training procedure on the four real development corpora in
/// ../shared, each split once into a development part (4/5) and a fixed validation part (1/5, <see cref="ValidationSplit"/>).
/// Per seed it reports (1) stratified 5-fold CV on the development part, nested as <c>policyminer evaluate --folds 5</c>
/// (trainer choice and thresholds inside each training fold), and (2) validation: trained on the development part
/// (as <c>policyminer train</c>), tested on the validation part. With <c>--sklearn</c> a jieba + TF-IDF + LinearSVC
/// scikit-learn baseline runs on the very same folds, untuned (defaults) and tuned as ours is (sklearn_baseline.py;
/// needs <c>apt-get install python3-sklearn python3-jieba</c>).
/// </summary>
internal static class AccuracyBenchmark
{
    /// <summary>One development corpus: where its documents and codes are, and the baseline the issue quotes.</summary>
    private sealed record Corpus(string Name, string Docs, string Labels, string Task, IReadOnlyList<string>? TextColumns, double IssueBaseline);

    /// <summary>Ours and scikit-learn's (untuned, tuned) macro-F1 of one evaluation.</summary>
    private sealed record Scores(double Ours, (double Untuned, double Tuned)? Sklearn);

    public const string Help = "       PolicyMiner.Benchmarks accuracy [--corpus npc-laws,gov-messages,us-congress-bills,regulations] [--seeds 42,1,2] [--trainer NAME] [--multilabel-trainer NAME] [--whole] [--no-chars] [--keep-stop-words] [--no-numbers] [--no-embeddings] [--sklearn] [--write-validation-ids]";

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
        var seeds = (Option(args, "--seeds") ?? Option(args, "--seed") ?? "42,1,2").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var trainer = Option(args, "--trainer");
        var sklearn = args.Contains("--sklearn");
        // --whole: CV on the whole corpus, validation part included (how figures were measured before issue 18).
        var whole = args.Contains("--whole");
        var multilabelTrainer = Option(args, "--multilabel-trainer") ?? new TrainOptions().MultilabelTrainer;
        Console.WriteLine($"accuracy benchmark: macro-F1, {Environment.ProcessorCount} cores; CV = stratified 5-fold CV on the development part (nested); val = trained on the development part, tested on the validation part");
        var summary = new List<string>();
        // Sentence vectors are kept in a file between runs (EmbeddingBenchmark.MemoPath): three seeds encode each title once.
        using var memo = EmbeddingBenchmark.Memo();
        foreach (var corpus in all.Where(c => names.Contains(c.Name)))
        {
            var spec = TaskSpec.Parse(corpus.Task);
            var set = TrainingSet.Join(InputDocuments.Read(corpus.Docs, corpus.TextColumns), CodedLabels.Read([corpus.Labels], null, [spec]));
            var latin = set.Examples.Count(e => SentenceEmbeddings.InputText(e.Document.Title, e.Document.Text) is not null);
            Console.WriteLine($"  {corpus.Name}: {latin} of {set.Examples.Count} documents mostly in Latin script (sentence embeddings {(args.Contains("--no-embeddings") ? "off" : "on")})");
            var validation = ValidationSplit.Indices(corpus.Name, set, spec.Name, args.Contains("--write-validation-ids"));
            if (args.Contains("--write-validation-ids"))
            {
                continue;
            }
            var dev = whole ? set : set with { Examples = set.Examples.Where((_, i) => !validation.Contains(i)).ToArray() };
            var val = set with { Examples = set.Examples.Where((_, i) => validation.Contains(i)).ToArray() };
            Console.WriteLine(whole
                ? $"  {corpus.Name}: {set.Examples.Count} documents, CV on all of them (--whole: the validation part is not held out)"
                : $"  {corpus.Name}: {set.Examples.Count} documents = {dev.Examples.Count} development + {val.Examples.Count} validation (validation/{corpus.Name}.txt)");
            var cvs = new List<Scores>();
            var vals = new List<Scores>();
            foreach (var seed in seeds)
            {
                var options = new TrainOptions
                {
                    Seed = seed,
                    Folds = 5,
                    Trainers = trainer is null ? null : [trainer],
                    MultilabelTrainer = multilabelTrainer,
                    Features = new FeatureTokenizerOptions
                    {
                        CharNgrams = !args.Contains("--no-chars"),
                        RemoveStopWords = !args.Contains("--keep-stop-words"),
                        KeepNumbers = !args.Contains("--no-numbers"),
                        SentenceEmbeddings = !args.Contains("--no-embeddings"),
                    },
                };
                var watch = Stopwatch.StartNew();
                var cv = ClassifierModel.CrossValidate(dev, options, Segmenters.Jieba);
                var cvSeconds = watch.Elapsed.TotalSeconds;
                var m = cv.Metrics[spec.Name];
                var cvScores = new Scores(m.MacroF1, sklearn ? SklearnBaseline.CrossValidation(dev, spec.Name, seed) : null);
                var trainers = string.Join(",", cv.Trainers[spec.Name].GroupBy(t => t).Select(g => $"{g.Key}×{g.Count()}"));
                var human = m.HumanAgreement is { } h ? $"; coders' κ {F(h.Kappa)}" : "";
                Console.WriteLine($"    seed {seed,2} CV  ours {F(m.MacroF1)} (micro {F(m.MicroF1)}; {cvSeconds:0} s; {trainers}{human}){Sk(cvScores)}");
                if (whole)
                {
                    cvs.Add(cvScores);
                    continue;
                }

                watch.Restart();
                var model = ClassifierModel.Train(dev, options with { CrossValidate = false }, Segmenters.Jieba);
                var predicted = model.Classify(val.Examples.Select(e => e.Document).ToArray()).Select(p => (IReadOnlyCollection<string>)p.Tasks[spec.Name].Labels.ToArray()).ToArray();
                var valSeconds = watch.Elapsed.TotalSeconds;
                var task = set.Codebook.Tasks.Single(t => t.Name == spec.Name);
                var truth = val.Examples.Select(e => (IReadOnlyCollection<string>)e.Row.Codes[spec.Name].ToArray()).ToArray();
                var vm = task.TaskKind == TaskKind.Multiclass
                    ? Metrics.Multiclass(task.Codes, truth.Select(t => t.First()).ToArray(), predicted.Select(p => p.First()).ToArray(), 0)
                    : Metrics.Multilabel(task.Codes, truth, predicted, 0);
                var valScores = new Scores(vm.MacroF1, sklearn ? SklearnBaseline.Validation(dev, val, spec.Name, seed) : null);
                Console.WriteLine($"    seed {seed,2} val ours {F(vm.MacroF1)} (micro {F(vm.MicroF1)}; {valSeconds:0} s; {model.Card.Tasks[0].Trainer}{(model.Card.Tasks[0].EmbeddingWeight is { } ew ? $"+{SentenceEmbeddings.ModelName}×{ew}" : "")}){Sk(valScores)}");
                cvs.Add(cvScores);
                vals.Add(valScores);
            }
            summary.Add(Row($"{corpus.Name} CV on {dev.Examples.Count}", cvs, corpus.IssueBaseline));
            if (!whole)
            {
                summary.Add(Row($"{corpus.Name} validation {val.Examples.Count}", vals, null));
            }
        }
        Console.WriteLine($"summary (seeds {string.Join(" / ", seeds)}; markdown): corpus | ours | scikit-learn untuned | scikit-learn tuned | ratio ours / tuned | issue's figure");
        summary.ForEach(Console.WriteLine);
        return 0;
    }

    private static string Sk(Scores s) => s.Sklearn is { } k
        ? $"  sklearn untuned {F(k.Untuned)} tuned {F(k.Tuned)}  ratio ours/tuned {F(s.Ours / k.Tuned)}"
        : "";

    private static string Row(string name, List<Scores> scores, double? issue)
    {
        var sk = scores.All(s => s.Sklearn is not null);
        string Join(Func<Scores, double> f) => string.Join(" / ", scores.Select(s => F(f(s))));
        var ratios = sk ? scores.Select(s => s.Ours / s.Sklearn!.Value.Tuned).ToArray() : [];
        return $"| {name} | {Join(s => s.Ours)} | {(sk ? Join(s => s.Sklearn!.Value.Untuned) : "—")} | {(sk ? Join(s => s.Sklearn!.Value.Tuned) : "—")} | "
            + (sk ? $"{ratios.Min():0.00}–{ratios.Max():0.00}" : "—") + $" | {(issue is null ? "" : F(issue.Value))} |";
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
