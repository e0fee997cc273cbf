using System.Diagnostics;
using System.Globalization;
using System.Text;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// <c>english</c> benchmark: why the US bill titles are level with scikit-learn. Our linear-svm CV on the development
/// part of us-congress-bills, then english_titles.py on the very same folds: our pipeline reproduced in Python from
/// our feature tokens, scikit-learn's tokenization with the same learner, and variants (bigrams, character n-grams,
/// C, logistic regression). Needs <c>apt-get install python3-sklearn python3-jieba</c>.
/// </summary>
internal static class EnglishTitlesBenchmark
{
    public const string Help = "       PolicyMiner.Benchmarks english [--seed N]   US bill titles: our CV beside its Python reproduction and variants, same folds";

    public static int Run(string shared, string[] args)
    {
        var seed = int.Parse(args.Length > 1 && args[0] == "--seed" ? args[1] : "42", CultureInfo.InvariantCulture);
        var path = Path.Combine(shared, "corpora", "us-congress-bills", "labels.csv");
        var set = TrainingSet.Join(InputDocuments.Read(path, ["text"]), CodedLabels.Read([path], null, [TaskSpec.Parse("topic")]));
        var validation = ValidationSplit.Indices("us-congress-bills", set, "topic", write: false);
        var dev = set with { Examples = set.Examples.Where((_, i) => !validation.Contains(i)).ToArray() };
        var labels = dev.Examples.Select(e => e.Row.Codes["topic"][0]).ToArray();
        var folds = TaskLearning.SafeFolds(labels, 5, seed);
        var options = new TrainOptions { Seed = seed, Folds = 5, Trainers = [MlNetLearner.LinearSvm] };
        // With the sentence-embedding block (the default); its vectors from the benchmarks' memo file.
        using var memo = EmbeddingBenchmark.Memo();
        var watch = Stopwatch.StartNew();
        var ours = ClassifierModel.CrossValidate(dev, options, Segmenters.Jieba).Metrics["topic"].MacroF1;
        Console.WriteLine($"english benchmark: us-congress-bills development part ({dev.Examples.Count} titles), 5-fold CV, seed {seed}, macro-F1");
        Console.WriteLine($"  {"ours (policyminer evaluate, linear-svm, with the sentence-embedding block)",-75} {ours.ToString("0.000", CultureInfo.InvariantCulture)}  ({watch.Elapsed.TotalSeconds:0} s)");

        var tokenizer = new FeatureTokenizer(Segmenters.Jieba.Cut, options.Features with { SentenceEmbeddings = false });
        var texts = ClassifierModel.FeatureTexts(tokenizer, dev.Examples.Select(e => e.Document).ToArray());
        var sb = new StringBuilder();
        for (var i = 0; i < texts.Length; i++)
        {
            var d = dev.Examples[i].Document;
            var raw = ((d.Title ?? "") + " " + d.Text).Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
            sb.Append(folds[i].ToString(CultureInfo.InvariantCulture)).Append('\t').Append(labels[i]).Append('\t')
                .Append(TextRow.Of(texts[i]).Text).Append('\t').Append(raw).Append('\n');
        }
        var tsv = Path.Combine(Path.GetTempPath(), $"pm-english-{Environment.ProcessId}.tsv");
        File.WriteAllText(tsv, sb.ToString(), new UTF8Encoding(false));
        try
        {
            using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "english_titles.py"), tsv]))!;
            p.WaitForExit();
            return p.ExitCode;
        }
        finally
        {
            File.Delete(tsv);
        }
    }
}
