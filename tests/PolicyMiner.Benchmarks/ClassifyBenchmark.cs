using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Classification;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// <c>classify</c> benchmark: trains the fields model on the 500 coded regulations (../shared), then classifies
/// N = 10,000 documents in one bulk call: the 751 real documents (500 regulations + 251 NPC laws) repeated in turn
/// under new doc_ids (no caching by content exists, so a repeat costs what a new document of that length costs); reports train time, throughput,
/// peak memory, and the ratio to the feature step alone (jieba tokenization of the same documents, the reference
/// run in the same process). Also times "load model + classify 1,000 documents" (the 30 s requirement), and the
/// same classification without evidence terms (their cost, as a ratio in the same process).
/// </summary>
internal static class ClassifyBenchmark
{
    public static int Run(string shared, int count, bool charBlock = true)
    {
        // --no-chars: without the character block (the README's "before it" throughput).
        var features = new FeatureTokenizerOptions { CharNgrams = charBlock };
        var corpora = Path.Combine(shared, "corpora");
        var segmenter = Segmenters.Jieba;
        var regs = InputDocuments.Read(Path.Combine(corpora, "regulations", "docs")).Documents;
        var laws = InputDocuments.Read(Path.Combine(corpora, "npc-laws", "docs")).Documents;
        var coded = CodedLabels.Read([Path.Combine(corpora, "regulations", "labels.csv")], null, [TaskSpec.Parse("fields:multilabel")]);
        var set = TrainingSet.Join(new InputDocumentSet(regs, []), coded);

        var watch = Stopwatch.StartNew();
        var model = ClassifierModel.Train(set, new TrainOptions { CrossValidate = false, Seed = 42, Features = features }, segmenter);
        var trainSeconds = watch.Elapsed.TotalSeconds;
        var dir = Path.Combine(Path.GetTempPath(), "pm-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        model.Save(dir);

        var pool = regs.Concat(laws).ToArray();
        var docs = Enumerable.Range(0, count).Select(i => pool[i % pool.Length] with { Id = "B" + i.ToString("D5", CultureInfo.InvariantCulture) }).ToArray();
        var chars = docs.Sum(d => (long)d.Text.Length);

        // Reference: the feature step alone (jieba + normalisation) over the same documents.
        watch.Restart();
        var tokenizer = new FeatureTokenizer(segmenter.Cut, features);
        _ = ClassifierModel.FeatureTexts(tokenizer, docs);
        var tokenizeSeconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var loaded = ClassifierModel.Load(dir, segmenter);
        var first = loaded.Classify(docs.Take(1000).ToArray());
        var load1000 = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var predictions = loaded.Classify(docs);
        var classifySeconds = watch.Elapsed.TotalSeconds;
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);

        // The cost of evidence (5 terms per label, the default above): the same call without it, and the evidence
        // step alone over the same feature vectors (less exposed to the noise of a shared machine than the ratio).
        watch.Restart();
        _ = loaded.Classify(docs, evidenceTerms: 0);
        var plainSeconds = watch.Elapsed.TotalSeconds;
        var (evidenceSeconds, marginSeconds) = EvidenceStep(loaded.FittedTasks[0], ClassifierModel.FeatureTexts(tokenizer, docs), predictions);

        string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        Console.WriteLine($"classify benchmark ({Environment.ProcessorCount} cores{(charBlock ? "" : ", without the character block")}), fields model (9 labels, multi-label)");
        Console.WriteLine($"  train on {set.Examples.Count} regulations (no CV metrics, inner-CV thresholds): {F(trainSeconds)} s");
        Console.WriteLine($"  load model + classify 1,000 docs: {F(load1000)} s ({first.Count} predictions)");
        Console.WriteLine($"  classify {predictions.Count:N0} docs = the {pool.Length} real documents cycled ({chars / 1e6:0.0} M chars): {F(classifySeconds)} s = {F(predictions.Count / classifySeconds)} docs/s");
        Console.WriteLine($"  reference, feature step alone (jieba tokenization): {F(tokenizeSeconds)} s = {F(count / tokenizeSeconds)} docs/s; classify/reference time ratio {F(classifySeconds / tokenizeSeconds)}");
        Console.WriteLine($"  without evidence (--evidence 0): {F(plainSeconds)} s = {F(count / plainSeconds)} docs/s; with/without evidence time ratio {F(classifySeconds / plainSeconds)}");
        Console.WriteLine($"  evidence step alone (5 terms per predicted label, from the sparse vectors): {F(evidenceSeconds)} s = {F(100 * evidenceSeconds / classifySeconds)} % of classify; the SVM margins over the same vectors: {F(marginSeconds)} s");
        Console.WriteLine($"  peak working set: {F(peakMb)} MB; flagged needs_review: {predictions.Count(p => p.NeedsReview)}");

        // Multiclass: the NPC-law category model (trainer chosen by inner CV: linear-svm or lbfgs-maxent).
        var lawCodes = CodedLabels.Read([Path.Combine(corpora, "npc-laws", "labels.csv")], null, [TaskSpec.Parse("category")]);
        var lawSet = TrainingSet.Join(new InputDocumentSet(laws, []), lawCodes);
        watch.Restart();
        var lawModel = ClassifierModel.Train(lawSet, new TrainOptions { CrossValidate = false, Seed = 42, Features = features }, segmenter);
        var lawTrain = watch.Elapsed.TotalSeconds;
        lawModel.Save(dir);
        watch.Restart();
        var lawLoaded = ClassifierModel.Load(dir, segmenter);
        _ = lawLoaded.Classify(docs.Take(1000).ToArray());
        var lawLoad1000 = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var lawPredictions = lawLoaded.Classify(docs);
        var lawSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        _ = lawLoaded.Classify(docs, evidenceTerms: 0);
        var lawPlain = watch.Elapsed.TotalSeconds;
        Directory.Delete(dir, recursive: true);
        Console.WriteLine($"classify benchmark, category model ({lawModel.Card.Tasks[0].Trainer}, {lawModel.Card.Tasks[0].Labels.Count} classes, multiclass)");
        Console.WriteLine($"  train on {lawSet.Examples.Count} NPC laws (inner-CV trainer choice): {F(lawTrain)} s");
        Console.WriteLine($"  load model + classify 1,000 docs: {F(lawLoad1000)} s");
        Console.WriteLine($"  classify {lawPredictions.Count:N0} docs: {F(lawSeconds)} s = {F(lawPredictions.Count / lawSeconds)} docs/s; classify/reference time ratio {F(lawSeconds / tokenizeSeconds)}");
        Console.WriteLine($"  without evidence (--evidence 0): {F(lawPlain)} s = {F(count / lawPlain)} docs/s; with/without evidence time ratio {F(lawSeconds / lawPlain)}");
        var (lawEvidence, lawMargins) = EvidenceStep(lawLoaded.FittedTasks[0], ClassifierModel.FeatureTexts(tokenizer, docs), lawPredictions);
        Console.WriteLine($"  evidence step alone: {F(lawEvidence)} s = {F(100 * lawEvidence / lawSeconds)} % of classify; the SVM margins over the same vectors: {F(lawMargins)} s");
        Console.WriteLine($"  peak working set (whole run): {F(Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0))} MB");
        return English(shared);
    }

    /// <summary>
    /// English titles with and without the sentence-embedding block: the topic model trained on the US bills'
    /// development part (vectors from the benchmark memo, so training is affordable), then the 623 validation
    /// titles classified by the saved model, once with the block and once by a model trained without it. The memo is
    /// off while classifying: every title is encoded, as for new documents.
    /// </summary>
    public static int English(string shared)
    {
        var path = Path.Combine(shared, "corpora", "us-congress-bills", "labels.csv");
        var set = TrainingSet.Join(InputDocuments.Read(path, ["text"]), CodedLabels.Read([path], null, [TaskSpec.Parse("topic")]));
        var validation = ValidationSplit.Indices("us-congress-bills", set, "topic", write: false);
        var dev = set with { Examples = set.Examples.Where((_, i) => !validation.Contains(i)).ToArray() };
        var docs = set.Examples.Where((_, i) => validation.Contains(i)).Select(e => e.Document).ToArray();
        string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        Console.WriteLine($"classify benchmark, English titles ({Environment.ProcessorCount} cores): topic model on {dev.Examples.Count} US bill titles, classifying {docs.Length} others");
        var results = new List<(string Name, double Seconds, double Load)>();
        foreach (var block in new[] { false, true })
        {
            var options = new TrainOptions { CrossValidate = false, Seed = 42, Features = new FeatureTokenizerOptions { SentenceEmbeddings = block } };
            var watch = Stopwatch.StartNew();
            ClassifierModel model;
            using (EmbeddingBenchmark.Memo())
            {
                model = ClassifierModel.Train(dev, options, Segmenters.Jieba);
            }
            SentenceEmbeddings.Memo = null;
            var dir = Path.Combine(Path.GetTempPath(), "pm-bench-en-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            model.Save(dir);
            var task = model.Card.Tasks[0];
            Console.WriteLine($"  {(block ? "with" : "without")} the block: trained in {F(watch.Elapsed.TotalSeconds)} s (vectors from the memo); {task.Trainer}{(task.EmbeddingWeight is { } w ? $" + MiniLM × {w}" : "")}");
            watch.Restart();
            var loaded = ClassifierModel.Load(dir, Segmenters.Jieba);
            _ = loaded.Classify(docs.Take(8).ToArray());
            var load = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var predictions = loaded.Classify(docs);
            var seconds = watch.Elapsed.TotalSeconds;
            Directory.Delete(dir, recursive: true);
            Console.WriteLine($"    load model + classify 8 titles: {F(load)} s; classify {predictions.Count} titles: {F(seconds)} s = {F(predictions.Count / seconds)} docs/s");
            results.Add((block ? "with" : "without", seconds, load));
        }
        Console.WriteLine($"  with/without the block time ratio: {F(results[1].Seconds / results[0].Seconds)} (classify), {F(results[1].Load / results[0].Load)} (load + first 8)");
        return 0;
    }

    /// <summary>Seconds to compute the evidence of every document's predicted labels, and the SVM margins, from feature vectors computed beforehand.</summary>
    private static (double Evidence, double Margins) EvidenceStep(FittedTask task, string[] texts, IReadOnlyList<DocumentPrediction> predictions)
    {
        var transformer = task.Multiclass?.Transformer ?? task.Multilabel!.Transformer;
        var x = MlNetLearner.SparseFeatures(transformer, texts, 42, out _);
        var name = task.Task.Name;
        _ = task.Terms;
        var watch = Stopwatch.StartNew();
        var terms = 0;
        for (var i = 0; i < x.Length; i++)
        {
            foreach (var label in predictions[i].Tasks[name].Evidence.Select(e => e.Label).Distinct())
            {
                terms += task.Terms.Evidence(label, task.Weights.Of(label), x[i], ClassifierModel.DefaultEvidenceTerms).Count;
            }
        }
        var evidence = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var svm = task.Multiclass?.Svm ?? task.Multilabel?.Svm;
        var sum = 0.0;
        foreach (var v in x)
        {
            sum += svm?.Margins(v).Sum() ?? 0;
        }
        var margins = watch.Elapsed.TotalSeconds;
        return terms > 0 && !double.IsNaN(sum) ? (evidence, margins) : (double.NaN, margins);
    }
}
