using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Classification;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// <c>seedwords</c>: the seed-word cold start (<c>classify --seed-words</c>, built-in codebook) on the 500 coded
/// regulations of ../shared — per-field precision/recall/F1 against the coders' <c>fields</c>, how many of these
/// regulations (none an agreement) still get a cooperation type, the score distribution (no score may be 1), and
/// documents/s. The reference for the F1 is a trained model's CV figure in the README (0.79–0.82).
/// </summary>
internal static class SeedWordBenchmark
{
    public const string Help = "       PolicyMiner.Benchmarks seedwords   seed-word cold start vs the coders on the 500 regulations (F1, scores, docs/s)";

    public static int Run(string shared)
    {
        var root = Path.Combine(shared, "corpora", "regulations");
        var docs = InputDocuments.Read(Path.Combine(root, "docs")).Documents;
        var coded = CodedLabels.Read([Path.Combine(root, "labels.csv")], Codebook.BuiltIn, []);
        var truthById = coded.Rows.ToDictionary(r => r.Key, r => (IReadOnlyCollection<string>)(r.Codes.GetValueOrDefault("fields") ?? []), StringComparer.Ordinal);
        var classifier = new SeedWordClassifier(Codebook.BuiltIn);
        classifier.Classify(docs.Take(10).ToList()); // warm-up
        var watch = Stopwatch.StartNew();
        var predictions = classifier.Classify(docs);
        var seconds = watch.Elapsed.TotalSeconds;
        var fields = Codebook.BuiltIn.Find("fields")!;
        var m = Metrics.Multilabel(fields.Codes,
            docs.Select(d => truthById[d.Id]).ToList(),
            predictions.Select(p => (IReadOnlyCollection<string>)p.Tasks["fields"].Labels).ToList(), 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seed words, built-in codebook, {docs.Count} regulations: {docs.Count / seconds:0} documents/s ({seconds:0.00} s)"));
        foreach (var l in m.PerLabel)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {l.Label,-20} precision {l.Precision:0.000}  recall {l.Recall:0.000}  F1 {l.F1:0.000}  support {l.Support}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  fields macro-F1 {m.MacroF1:0.000}  micro-F1 {m.MicroF1:0.000} (a trained model: 0.79–0.82 by 5-fold CV, README)"));
        var typed = predictions.Where(p => p.Tasks["type"].Labels.Count > 0).Select(p => p.Tasks["type"].Probabilities.Values.Max()).Order().ToList();
        var all = predictions.SelectMany(p => p.Tasks.Values.SelectMany(t => t.Probabilities.Values)).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  type given to {typed.Count} of {docs.Count} (none is an agreement); their score median {typed[typed.Count / 2]:0.000}, max {typed[^1]:0.000}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  highest score of any label {all.Max():0.000} (scores, not probabilities: never 1); flagged needs_review {predictions.Count(p => p.NeedsReview)} of {docs.Count}"));
        return 0;
    }
}
