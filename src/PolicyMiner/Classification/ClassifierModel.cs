using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Classification;

/// <summary>Options of <c>train</c> and <c>evaluate --folds</c>.</summary>
public sealed record TrainOptions
{
    /// <summary>Model name (recorded in the card; normally the model folder's name).</summary>
    public string Name { get; init; } = "model";

    /// <summary>Random seed: folds, trainers; same inputs + seed → identical model and card metrics.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Cross-validation folds (trainer selection, thresholds, card metrics).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Compute cross-validated metrics for the card (nested CV; costs about k extra trainings).</summary>
    public bool CrossValidate { get; init; } = true;

    /// <summary>Text columns (CSV/XLSX inputs), recorded in the card.</summary>
    public IReadOnlyList<string> TextColumns { get; init; } = ["title", "text"];

    /// <summary>Feature options.</summary>
    public FeatureTokenizerOptions Features { get; init; } = new();

    /// <summary>Multiclass trainers to choose from by inner cross-validation (null = all).</summary>
    public IReadOnlyList<string>? Trainers { get; init; }

    /// <summary>
    /// Per-label trainer of multi-label tasks: <c>linear-svm</c> (default; regulations, seeds 42/1/2: 0.809/0.822/0.792
    /// macro-F1 in 5-fold CV, 50 s) or <c>lbfgs-logistic</c> (ML.NET; 0.780/0.803/0.771, 140 s).
    /// </summary>
    public string MultilabelTrainer { get; init; } = MlNetLearner.LinearSvm;

    /// <summary>Also compute a learning curve (cross-validated macro-F1 at 25/50/75/100 % of the coded documents) for the card.</summary>
    public bool LearningCurve { get; init; }

    /// <summary>Labeled files, recorded in the card.</summary>
    public IReadOnlyList<string> LabelFiles { get; init; } = [];

    /// <summary>What the model is (corpus, coders, intended use), recorded in the card as <c>about</c>.</summary>
    public string? About { get; init; }
}

/// <summary>The predictions of one document.</summary>
/// <param name="DocId">doc_id.</param>
/// <param name="Tasks">task name → prediction.</param>
/// <param name="Uncertainty">Largest task uncertainty (review ranking).</param>
/// <param name="NeedsReview">True when some task is uncertain (multiclass top probability below the review threshold, or a label within 20 % of its threshold).</param>
public sealed record DocumentPrediction(string DocId, IReadOnlyDictionary<string, TaskPrediction> Tasks, double Uncertainty, bool NeedsReview);

/// <summary>Cross-validation result: per task metrics and out-of-fold predictions.</summary>
/// <param name="Metrics">task → metrics (with human agreement when two coders' columns exist).</param>
/// <param name="Trainers">task → trainer chosen in each outer fold.</param>
/// <param name="Predictions">task → (doc_id, coded, predicted) for every coded document.</param>
public sealed record CrossValidationResult(
    IReadOnlyDictionary<string, TaskMetrics> Metrics,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Trainers,
    IReadOnlyDictionary<string, IReadOnlyList<(string DocId, IReadOnlyList<string> Coded, IReadOnlyList<string> Predicted)>> Predictions);

/// <summary>
/// A trained PolicyMiner classifier: <c>model.zip</c> (one ML.NET model per task) + <c>model-card.json</c>.
/// Features are computed by <see cref="FeatureTokenizer"/> before ML.NET, with the options stored in the card.
/// </summary>
public sealed class ClassifierModel
{
    // Inner CV (trainer choice, thresholds) uses 3 folds: nested 5×3 keeps evaluate affordable on 2 cores.
    private const int InnerFolds = 3;
    private const string ModelFile = "model.zip";
    private const string CardFile = "model-card.json";
    private const string SvmEntrySuffix = ".linear-svm.bin";
    private readonly IReadOnlyList<FittedTask> _tasks;
    private readonly FeatureTokenizer _tokenizer;

    private ClassifierModel(ModelCard card, IReadOnlyList<FittedTask> tasks, FeatureTokenizer tokenizer)
    {
        Card = card;
        _tasks = tasks;
        _tokenizer = tokenizer;
    }

    /// <summary>The model card.</summary>
    public ModelCard Card { get; private set; }

    /// <summary>The fitted tasks (benchmarks time their parts).</summary>
    internal IReadOnlyList<FittedTask> FittedTasks => _tasks;

    /// <summary>PolicyMiner's version.</summary>
    public static string ToolVersion => typeof(ClassifierModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// Feature texts, sublinearly damped or with raw counts, computed on first use. Raw counts serve the multi-label
    /// logistic models (sublinear TF cost them 0.772 → 0.756 macro-F1 on the regulations); the SVMs — every
    /// multiclass model, and multi-label models whose card says <c>linear-svm</c> — use damped counts.
    /// </summary>
    internal static Func<bool, string[]> TextsBySublinear(FeatureTokenizer tokenizer, IReadOnlyList<InputDocument> docs)
    {
        string[]? damped = null;
        string[]? raw = null;
        // Both kinds of text carry the same sentence vectors: encode once.
        var embeddings = new Lazy<string?[]>(() => EmbeddingParts(tokenizer, docs));
        return sublinear => sublinear
            ? damped ??= FeatureTexts(tokenizer, docs, embeddings.Value)
            : raw ??= FeatureTexts(tokenizer.With(tokenizer.Options with { SublinearTf = false }), docs, embeddings.Value);
    }

    /// <summary>
    /// The sentence-embedding part of each document's feature text (<see cref="SentenceEmbeddings.Encode"/>): with
    /// <see cref="FeatureTokenizerOptions.SentenceEmbeddings"/>, for documents mostly in Latin script; null otherwise.
    /// </summary>
    internal static string?[] EmbeddingParts(FeatureTokenizer tokenizer, IReadOnlyList<InputDocument> docs) =>
        tokenizer.Options.SentenceEmbeddings
            ? SentenceEmbeddings.Embed(docs).Select(v => v is null ? null : SentenceEmbeddings.Encode(v)).ToArray()
            : new string?[docs.Count];

    /// <summary>Learner settings of a training run (checks the multi-label trainer's name).</summary>
    private static LearnerSettings Settings(TrainOptions options) =>
        MlNetLearner.MultilabelTrainers.Contains(options.MultilabelTrainer, StringComparer.Ordinal)
            ? LearnerSettings.Default with { MultilabelTrainer = options.MultilabelTrainer }
            : throw new ArgumentException($"unknown multi-label trainer '{options.MultilabelTrainer}'; known: {string.Join(", ", MlNetLearner.MultilabelTrainers)}");

    /// <summary>Whether a task's feature texts are damped: multiclass tasks always, multi-label tasks with the SVM.</summary>
    private static bool Sublinear(TaskKind kind, string trainer) => kind == TaskKind.Multiclass || trainer == MlNetLearner.LinearSvm;

    /// <summary>Feature texts of documents (parallel over documents; order preserved).</summary>
    internal static string[] FeatureTexts(FeatureTokenizer tokenizer, IReadOnlyList<InputDocument> docs) =>
        FeatureTexts(tokenizer, docs, EmbeddingParts(tokenizer, docs));

    private static string[] FeatureTexts(FeatureTokenizer tokenizer, IReadOnlyList<InputDocument> docs, string?[] embeddings)
    {
        var texts = new string[docs.Count];
        Parallel.For(0, docs.Count, i => texts[i] = tokenizer.FeatureText(docs[i].Title, docs[i].Text) + embeddings[i]);
        return texts;
    }

    /// <summary>Trains every task of the training set; with <see cref="TrainOptions.CrossValidate"/> the card carries nested-CV metrics.</summary>
    public static ClassifierModel Train(TrainingSet data, TrainOptions options, SegmenterInfo segmenter, ModelCard? previous = null, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(segmenter);
        if (data.Examples.Count > 0 && data.Examples.All(e => string.IsNullOrWhiteSpace(e.Document.Text) && string.IsNullOrWhiteSpace(e.Document.Title)))
        {
            // ML.NET would fail later with "Schema mismatch" (no feature slot at all), which names nothing the user can fix
            throw new InvalidDataException(
                $"all {data.Examples.Count} coded documents have empty text and title, so there is nothing to learn from. Check --docs (scans need OCR: " +
                "`policyminer extract --ocr auto`) or, for a CSV/XLSX, --text-columns.");
        }
        var tokenizer = new FeatureTokenizer(segmenter.Cut, options.Features);
        progress?.Invoke($"train: tokenizing {data.Examples.Count} coded documents");
        var texts = TextsBySublinear(tokenizer, data.Examples.Select(e => e.Document).ToArray());
        CrossValidationResult? cv = null;
        if (options.CrossValidate)
        {
            cv = CrossValidate(data, options, texts, progress);
        }
        var curve = options.LearningCurve ? Classification.LearningCurve.Compute(data, options, texts, cv, progress) : null;
        var fitted = new List<FittedTask>();
        var cards = new List<TaskCard>();
        foreach (var task in data.Codebook.Tasks)
        {
            var (idx, codes) = TaskExamples(data, task);
            if (idx.Length < 4 || codes.SelectMany(c => c).Distinct().Count() < 2)
            {
                throw new InvalidDataException($"task '{task.Name}': {idx.Length} coded document(s) with {codes.SelectMany(c => c).Distinct().Count()} distinct label(s); training needs at least 4 documents and 2 labels. Code more documents.");
            }
            progress?.Invoke($"train: task '{task.Name}' ({task.Kind}, {idx.Length} documents)");
            var ft = TaskLearning.Fit(task, TaskLearning.Pick(texts(Sublinear(task.TaskKind, options.MultilabelTrainer)), idx), codes, options.Seed, InnerFolds, options.Trainers, Settings(options));
            fitted.Add(ft);
            cards.Add(new TaskCard
            {
                Name = task.Name,
                Kind = task.Kind,
                Labels = task.Labels.Select(l => new LabelName(l.Code, l.Zh, l.En)).ToArray(),
                LabelCounts = task.Codes.ToDictionary(c => c, c => codes.Count(x => x.Contains(c)), StringComparer.Ordinal),
                Trainer = ft.Trainer,
                TrainerSelection = ft.TrainerSelection,
                Thresholds = ft.Thresholds,
                Temperature = ft.Multiclass?.Svm?.Temperature,
                Calibration = ft.Multilabel?.Calibration,
                AtLeastOneLabel = task.TaskKind == TaskKind.Multilabel ? ft.AtLeastOne : null,
                EmbeddingWeight = ft.EmbeddingWeight,
                Metrics = cv?.Metrics.GetValueOrDefault(task.Name),
                TopTerms = ft.TopTerms(TopTermCount) is { Count: > 0 } top ? top : null,
            });
        }
        var card = new ModelCard
        {
            Name = options.Name,
            About = options.About,
            CreatedUtc = DateTimeOffset.UtcNow,
            ToolVersion = ToolVersion,
            Codebook = data.Codebook,
            Tasks = cards,
            TrainingDataHash = DataHash(data),
            TrainingDocuments = data.Examples.Count,
            TrainingDocumentHashes = data.Examples.Select(e => Evaluation.ContentHash(e.Document)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(),
            TrainingDocumentIds = data.Examples.Select(e => new TrainedDocument(e.Document.Id, TrainedDocument.HashOf(e.Document))).ToArray(),
            LearningCurve = curve,
            LabelFiles = options.LabelFiles,
            LabelSources = data.LabelFiles.Count == 0 ? null : data.LabelFiles.Select(f => new LabelFileCard(
                Path.GetFileName(f.Path), f.Kind, f.Rows, f.Coded, f.MachineSkipped,
                data.Examples.Count(e => string.Equals(e.Row.LabelFile, f.Path, StringComparison.Ordinal)))).ToArray(),
            TrainingCodes = TrainingCodes(data),
            Seed = options.Seed,
            Options = new ModelOptions
            {
                TextColumns = options.TextColumns,
                StopWords = options.Features.RemoveStopWords,
                MaxTextChars = options.Features.MaxTextChars,
                TitleWeight = options.Features.TitleWeight,
                SublinearTf = options.Features.SublinearTf,
                CharNgrams = options.Features.CharNgrams,
                KeepNumbers = options.Features.KeepNumbers,
                SentenceEmbeddings = fitted.Any(f => f.EmbeddingWeight is not null) ? SentenceEmbeddings.ModelName : null,
                Folds = options.Folds,
            },
            Versions = new ModelVersions(MlNetLearner.Version, $"{segmenter.Name} {segmenter.Version}", segmenter.DictionarySha256),
            Warnings = data.Warnings,
        };
        card = card with { Changes = previous is null ? [] : ModelChanges.Describe(previous, card) };
        // Classifying encodes sentences only when some task uses the block.
        return new ClassifierModel(card, fitted, tokenizer.With(tokenizer.Options with { SentenceEmbeddings = card.Options.SentenceEmbeddings is not null }));
    }

    /// <summary>
    /// Stratified k-fold cross-validation of the whole training procedure (trainer selection and thresholds are
    /// redone inside every outer training fold, so the held-out fold never influences a choice).
    /// </summary>
    public static CrossValidationResult CrossValidate(TrainingSet data, TrainOptions options, SegmenterInfo segmenter, Action<string>? progress = null)
    {
        return CrossValidate(data, options, CodedTexts(data, options, segmenter, "evaluate", progress), progress);
    }

    /// <summary>Feature texts of a training set's coded documents (checks the arguments, says so on progress).</summary>
    internal static Func<bool, string[]> CodedTexts(TrainingSet data, TrainOptions options, SegmenterInfo segmenter, string verb, Action<string>? progress)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(segmenter);
        var tokenizer = new FeatureTokenizer(segmenter.Cut, options.Features);
        progress?.Invoke($"{verb}: tokenizing {data.Examples.Count} coded documents");
        return TextsBySublinear(tokenizer, data.Examples.Select(e => e.Document).ToArray());
    }

    /// <summary>Cross-validation as above, and with <paramref name="learningCurve"/> also the learning curve (the coded documents are tokenized once for both).</summary>
    public static (CrossValidationResult Result, LearningCurve? Curve) CrossValidate(TrainingSet data, TrainOptions options, SegmenterInfo segmenter, bool learningCurve, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(segmenter);
        var tokenizer = new FeatureTokenizer(segmenter.Cut, options.Features);
        progress?.Invoke($"evaluate: tokenizing {data.Examples.Count} coded documents");
        var texts = TextsBySublinear(tokenizer, data.Examples.Select(e => e.Document).ToArray());
        var cv = CrossValidate(data, options, texts, progress);
        return (cv, learningCurve ? Classification.LearningCurve.Compute(data, options, texts, cv, progress) : null);
    }

    internal static CrossValidationResult CrossValidate(TrainingSet data, TrainOptions options, Func<bool, string[]> texts, Action<string>? progress)
    {
        var metrics = new Dictionary<string, TaskMetrics>(StringComparer.Ordinal);
        var trainers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var predictions = new Dictionary<string, IReadOnlyList<(string, IReadOnlyList<string>, IReadOnlyList<string>)>>(StringComparer.Ordinal);
        foreach (var task in data.Codebook.Tasks)
        {
            var (idx, codes) = TaskExamples(data, task);
            if (idx.Length < 4)
            {
                continue;
            }
            var taskTexts = TaskLearning.Pick(texts(Sublinear(task.TaskKind, options.MultilabelTrainer)), idx);
            var strata = task.TaskKind == TaskKind.Multiclass ? codes.Select(c => c.First()).ToArray() : StratifiedFolds.RarestLabelKeys(codes);
            var folds = TaskLearning.SafeFolds(strata, options.Folds, options.Seed);
            var k = folds.Max() + 1;
            var predicted = new IReadOnlyList<string>[idx.Length];
            var chosen = new List<string>();
            for (var f = 0; f < k; f++)
            {
                progress?.Invoke($"evaluate: task '{task.Name}' fold {f + 1}/{k}");
                var (trainIdx, testIdx) = TaskLearning.Split(folds, f);
                var fitted = TaskLearning.Fit(task, TaskLearning.Pick(taskTexts, trainIdx), TaskLearning.Pick(codes, trainIdx), options.Seed, InnerFolds, options.Trainers, Settings(options));
                chosen.Add(fitted.EmbeddingWeight is { } weight ? TaskLearning.EmbeddingCandidate(weight) : fitted.Trainer);
                var preds = TaskLearning.Predict(fitted, TaskLearning.Pick(taskTexts, testIdx), options.Seed);
                for (var j = 0; j < testIdx.Length; j++)
                {
                    predicted[testIdx[j]] = preds[j].Labels;
                }
            }
            var m = task.TaskKind == TaskKind.Multiclass
                ? Metrics.Multiclass(task.Codes, codes.Select(c => c.First()).ToArray(), predicted.Select(p => p[0]).ToArray(), k)
                : Metrics.Multilabel(task.Codes, codes, predicted.Select(p => (IReadOnlyCollection<string>)p).ToArray(), k);
            metrics[task.Name] = m with { HumanAgreement = HumanAgreement(data, task) };
            trainers[task.Name] = chosen;
            predictions[task.Name] = idx.Select((i, j) => (data.Examples[i].Document.Id, (IReadOnlyList<string>)codes[j].ToArray(), predicted[j])).ToArray();
        }
        return new CrossValidationResult(metrics, trainers, predictions);
    }

    /// <summary>Agreement between the two coders' columns of a task (null when the CSV has none).</summary>
    internal static CoderAgreement? HumanAgreement(TrainingSet data, CodebookTask task)
    {
        if (!data.CoderColumns.TryGetValue(task.Name, out var columns))
        {
            return null;
        }
        var pairs = data.Examples.Where(e => e.Row.SecondCoder.ContainsKey(task.Name)).Select(e => e.Row.SecondCoder[task.Name]).ToList();
        if (pairs.Count == 0)
        {
            return null;
        }
        if (task.TaskKind == TaskKind.Multiclass)
        {
            var a = pairs.Select(p => p.A[0]).ToArray();
            var b = pairs.Select(p => p.B[0]).ToArray();
            return new CoderAgreement(columns.A, columns.B, pairs.Count, Agreement.CohensKappa(a, b), Agreement.KrippendorffAlphaNominal(a, b));
        }
        var perLabel = new List<LabelAgreement>();
        foreach (var code in task.Codes)
        {
            var a = pairs.Select(p => p.A.Contains(code) ? "1" : "0").ToArray();
            var b = pairs.Select(p => p.B.Contains(code) ? "1" : "0").ToArray();
            if (!a.Contains("1") && !b.Contains("1"))
            {
                continue;
            }
            perLabel.Add(new LabelAgreement(code, Agreement.CohensKappa(a, b), Agreement.KrippendorffAlphaNominal(a, b)));
        }
        return new CoderAgreement(columns.A, columns.B, pairs.Count,
            perLabel.Count == 0 ? double.NaN : perLabel.Average(l => l.Kappa),
            perLabel.Count == 0 ? double.NaN : perLabel.Average(l => l.Alpha), perLabel);
    }

    private static (int[] Index, IReadOnlyCollection<string>[] Codes) TaskExamples(TrainingSet data, CodebookTask task)
    {
        var idx = Enumerable.Range(0, data.Examples.Count).Where(i => data.Examples[i].Row.Codes.ContainsKey(task.Name)).ToArray();
        return (idx, idx.Select(i => (IReadOnlyCollection<string>)data.Examples[i].Row.Codes[task.Name].ToArray()).ToArray());
    }

    /// <summary>doc_id → task → codes (';'-joined, codebook order), sorted by doc_id for a stable card.</summary>
    private static SortedDictionary<string, IReadOnlyDictionary<string, string>> TrainingCodes(TrainingSet data)
    {
        var result = new SortedDictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var e in data.Examples)
        {
            var tasks = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var task in data.Codebook.Tasks)
            {
                if (e.Row.Codes.TryGetValue(task.Name, out var codes))
                {
                    tasks[task.Name] = string.Join(";", task.Codes.Where(c => codes.Contains(c, StringComparer.Ordinal)));
                }
            }
            result[e.Document.Id] = tasks;
        }
        return result;
    }

    /// <summary>The card's <see cref="ModelCard.TrainingDataHash"/> of a training set (documents and codes).</summary>
    internal static string DataHash(TrainingSet data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var e in data.Examples)
        {
            var codes = string.Join("|", e.Row.Codes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + string.Join(";", kv.Value.Order(StringComparer.Ordinal))));
            sha.AppendData(Encoding.UTF8.GetBytes($"{e.Document.Id}\u0001{e.Document.Title}\u0001{e.Document.Text}\u0001{codes}\u0002"));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Evidence terms per label that <see cref="Classify"/> gives by default.</summary>
    public const int DefaultEvidenceTerms = 5;

    /// <summary>Terms per label in the card's <see cref="TaskCard.TopTerms"/>.</summary>
    public const int TopTermCount = 15;

    /// <summary>
    /// Tasks whose predictions carry no evidence, and why (a trainer whose linear weights ML.NET does not expose);
    /// empty when every task explains its decisions.
    /// </summary>
    public IReadOnlyList<string> EvidenceUnavailable =>
        _tasks.Where(t => t.Weights.Missing is not null).Select(t => $"task '{t.Task.Name}': {t.Weights.Missing}").ToArray();

    /// <summary>
    /// Classifies documents (bulk Transform; features computed in parallel). Each task's prediction carries the
    /// <paramref name="evidenceTerms"/> terms per label that pushed its decision most (0: none).
    /// </summary>
    public IReadOnlyList<DocumentPrediction> Classify(IReadOnlyList<InputDocument> documents, int evidenceTerms = DefaultEvidenceTerms)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return ClassifyTexts(documents, TextsBySublinear(_tokenizer, documents), evidenceTerms);
    }

    /// <summary>Classifies documents and returns their (damped) feature texts too, for similarity between documents (<see cref="NextToCode"/>).</summary>
    internal (IReadOnlyList<DocumentPrediction> Predictions, string[] FeatureTexts) ClassifyWithFeatureTexts(IReadOnlyList<InputDocument> documents, int evidenceTerms = DefaultEvidenceTerms)
    {
        var texts = TextsBySublinear(_tokenizer, documents);
        return (ClassifyTexts(documents, texts, evidenceTerms), texts(true));
    }

    private List<DocumentPrediction> ClassifyTexts(IReadOnlyList<InputDocument> documents, Func<bool, string[]> texts, int evidenceTerms)
    {
        var perTask = _tasks.Select(t => (t.Task.Name, Kind: t.Task.TaskKind, Preds: TaskLearning.Predict(t, texts(Sublinear(t.Task.TaskKind, t.Trainer)), Card.Seed, evidenceTerms))).ToList();
        var result = new List<DocumentPrediction>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            var tasks = perTask.ToDictionary(t => t.Name, t => t.Preds[i], StringComparer.Ordinal);
            var review = perTask.Any(t => t.Kind == TaskKind.Multiclass
                ? t.Preds[i].Probabilities.Values.Max() < Card.Options.ReviewThreshold
                : t.Preds[i].Uncertainty > 0.8);
            result.Add(new DocumentPrediction(documents[i].Id, tasks, tasks.Values.Max(p => p.Uncertainty), review));
        }
        return result;
    }

    /// <summary>Writes <c>model.zip</c> and <c>model-card.json</c> into <paramref name="dir"/> (each atomically).</summary>
    public void Save(string dir)
    {
        Directory.CreateDirectory(dir);
        var zipPath = Path.Combine(dir, ModelFile);
        AtomicFile.WriteStream(zipPath, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var t in _tasks)
            {
                // Fixed timestamps keep the zip bytes identical for identical models (determinism).
                var entry = zip.CreateEntry(t.Task.Name + ".mlnet.zip", CompressionLevel.NoCompression);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var buffer = new MemoryStream();
                MlNetLearner.Save(t.Multiclass?.Transformer ?? t.Multilabel!.Transformer, buffer, Card.Seed);
                using (var es = entry.Open())
                {
                    buffer.Position = 0;
                    buffer.CopyTo(es);
                }
                if ((t.Multiclass?.Svm ?? t.Multilabel?.Svm) is { } svm)
                {
                    var svmEntry = zip.CreateEntry(t.Task.Name + SvmEntrySuffix, CompressionLevel.Optimal);
                    svmEntry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                    using var ss = svmEntry.Open();
                    svm.Write(ss);
                }
            }
        });
        Card = Card with { ModelSha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(zipPath))), ValuesSha256 = ModelCardChecks.ValuesHash(Card) };
        AtomicFile.Write(Path.Combine(dir, CardFile), w => w.Write(JsonSerializer.Serialize(Card, ModelCard.JsonOptions) + "\n"));
    }

    /// <summary>Reads <c>model-card.json</c> from a model folder (null when there is none), for retraining comparisons.</summary>
    public static ModelCard? TryReadCard(string dir)
    {
        var path = Path.Combine(dir, CardFile);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(path, Encoding.UTF8), ModelCard.JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Loads a model folder and checks it: card present and readable, model.zip matching the card's SHA-256,
    /// one ML.NET model per task with the card's labels. Every failure says what is wrong and what to do.
    /// </summary>
    public static ClassifierModel Load(string dir, SegmenterInfo segmenter, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(segmenter);
        if (!Directory.Exists(dir))
        {
            throw new ModelLoadException($"model folder not found: {dir}. Train one with `policyminer train … --model {dir}`.");
        }
        var cardPath = Path.Combine(dir, CardFile);
        var zipPath = Path.Combine(dir, ModelFile);
        if (!File.Exists(cardPath))
        {
            throw new ModelLoadException($"{dir}: no {CardFile}. A model folder written by `policyminer train` holds {ModelFile} and {CardFile}; copy both, or retrain.");
        }
        ModelCard? card;
        try
        {
            card = JsonSerializer.Deserialize<ModelCard>(File.ReadAllText(cardPath, Encoding.UTF8), ModelCard.JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new ModelLoadException($"{cardPath} is damaged: not valid model-card JSON ({ex.Message}). Restore it from the training run, or retrain.", ex);
        }
        if (card is null || card.Tasks is null || card.Codebook is null)
        {
            throw new ModelLoadException($"{cardPath} is damaged: it lacks tasks or codebook. Restore it from the training run, or retrain.");
        }
        if (card.Format != ModelCard.CurrentFormat)
        {
            throw new ModelLoadException($"{cardPath}: model format '{card.Format}' is not '{ModelCard.CurrentFormat}' (this PolicyMiner {ToolVersion} reads only that). Retrain the model with this version.");
        }
        ModelCardChecks.Validate(card, cardPath);
        if (card.Options.SentenceEmbeddings is { } encoder && !string.Equals(encoder, SentenceEmbeddings.ModelName, StringComparison.Ordinal))
        {
            throw new ModelLoadException($"{cardPath}: the model uses sentence embeddings of '{encoder}', but this PolicyMiner {ToolVersion} carries only {SentenceEmbeddings.ModelName}. Retrain the model with this version.");
        }
        if (!File.Exists(zipPath))
        {
            throw new ModelLoadException($"{dir}: {ModelFile} is missing beside {CardFile}. Copy both files of the model, or retrain.");
        }
        var bytes = File.ReadAllBytes(zipPath);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (card.ModelSha256 is not null && !string.Equals(sha, card.ModelSha256, StringComparison.Ordinal))
        {
            throw new ModelLoadException($"{zipPath} does not match {CardFile}: its SHA-256 is {sha[..12]}…, the card expects {card.ModelSha256[..Math.Min(12, card.ModelSha256.Length)]}…. The two files come from different training runs, or model.zip is damaged; restore both from the same run, or retrain.");
        }
        if (Version.TryParse(card.Versions.Mlnet, out var trainedWith) && Version.TryParse(MlNetLearner.Version, out var current) && trainedWith > current)
        {
            throw new ModelLoadException($"{dir} was trained with ML.NET {trainedWith}, newer than this PolicyMiner's ML.NET {current}; ML.NET cannot read newer models. Update PolicyMiner, or retrain.");
        }
        if (!string.Equals(card.Versions.DictionarySha256, segmenter.DictionarySha256, StringComparison.Ordinal))
        {
            warn?.Invoke($"{dir}: trained with a different segmenter dictionary (sha256 {card.Versions.DictionarySha256[..Math.Min(12, card.Versions.DictionarySha256.Length)]}…, now {segmenter.DictionarySha256[..Math.Min(12, segmenter.DictionarySha256.Length)]}…); Chinese features may differ slightly. Retrain to be exact.");
        }
        var tasks = new List<FittedTask>();
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            foreach (var taskCard in card.Tasks)
            {
                var task = card.Codebook.Find(taskCard.Name) ?? throw new ModelLoadException($"{cardPath} is damaged: task '{taskCard.Name}' is not in its codebook. Retrain.");
                var entry = zip.GetEntry(taskCard.Name + ".mlnet.zip") ?? throw new ModelLoadException($"{zipPath} is damaged or belongs to another model: it has no model for task '{taskCard.Name}'. Retrain.");
                using var ms = new MemoryStream();
                using (var es = entry.Open())
                {
                    es.CopyTo(ms);
                }
                ms.Position = 0;
                var transformer = MlNetLearner.Load(ms, card.Seed);
                LinearSvmModel? svm = null;
                if (taskCard.Trainer == MlNetLearner.LinearSvm)
                {
                    var svmEntry = zip.GetEntry(taskCard.Name + SvmEntrySuffix) ?? throw new ModelLoadException($"{zipPath} is damaged or belongs to another model: it has no SVM weights for task '{taskCard.Name}'. Retrain.");
                    using var ss = svmEntry.Open();
                    svm = LinearSvmModel.Read(ss);
                }
                tasks.Add(Rebuild(task, taskCard, transformer, svm, zipPath));
            }
            // Checked after the per-task checks, which name a missing part more precisely. Cards written before the
            // field existed (and the shipped model's) have none; their model_sha256 still ties them to the zip.
            if (card.ValuesSha256 is { } expected && !string.Equals(expected, ModelCardChecks.ValuesHash(card), StringComparison.Ordinal))
            {
                throw new ModelLoadException($"{cardPath} is damaged: its values that decide labels (thresholds, calibration, temperature, labels, trainer or feature options) are not those {ModelFile} was trained with (values_sha256 differs) — edited by hand? Restore model-card.json from the training run, or retrain.");
            }
        }
        catch (InvalidDataException ex)
        {
            throw new ModelLoadException($"{zipPath} is damaged (not a readable zip archive: {ex.Message}). Restore it, or retrain.", ex);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException or IOException)
        {
            throw new ModelLoadException($"{zipPath} is damaged: ML.NET could not read it ({ex.Message}). Restore it, or retrain.", ex);
        }
        var tokenizer = new FeatureTokenizer(segmenter.Cut, new FeatureTokenizerOptions
        {
            RemoveStopWords = card.Options.StopWords,
            MaxTextChars = card.Options.MaxTextChars,
            TitleWeight = card.Options.TitleWeight,
            SublinearTf = card.Options.SublinearTf,
            CharNgrams = card.Options.CharNgrams,
            KeepNumbers = card.Options.KeepNumbers,
            SentenceEmbeddings = card.Options.SentenceEmbeddings is not null,
        });
        return new ClassifierModel(card, tasks, tokenizer);
    }

    private static FittedTask Rebuild(CodebookTask task, TaskCard taskCard, ITransformer transformer, LinearSvmModel? svm, string zipPath)
    {
        var schema = transformer.GetOutputSchema(new MLContext().Data.LoadFromEnumerable(Array.Empty<TextRow>()).Schema);
        if (task.TaskKind == TaskKind.Multiclass)
        {
            var labels = svm?.Labels ?? MlNetLearner.ScoreLabels(schema);
            var unknown = labels.Where(l => !task.Codes.Contains(l, StringComparer.Ordinal)).ToList();
            if (unknown.Count > 0)
            {
                throw new ModelLoadException($"{zipPath} does not match its card: task '{task.Name}' predicts {string.Join(", ", unknown)}, which the card's codebook lacks. Restore both files from the same run, or retrain.");
            }
            return new FittedTask(task, new MulticlassModel(transformer, labels, taskCard.Trainer, svm), null, taskCard.TrainerSelection, null, true) { EmbeddingWeight = taskCard.EmbeddingWeight };
        }
        if (taskCard.Thresholds is null || task.Codes.Any(c => !taskCard.Thresholds.ContainsKey(c)))
        {
            throw new ModelLoadException($"model card is damaged: multi-label task '{task.Name}' lacks a threshold per label. Retrain.");
        }
        if (svm is not null)
        {
            if (!svm.Labels.SequenceEqual(task.Codes, StringComparer.Ordinal))
            {
                throw new ModelLoadException($"{zipPath} does not match its card: the per-label SVMs of task '{task.Name}' are for labels {string.Join(", ", svm.Labels)}, the card's codebook has {string.Join(", ", task.Codes)}. Restore both files from the same run, or retrain.");
            }
            if (taskCard.Calibration is null || task.Codes.Any(c => taskCard.Calibration.GetValueOrDefault(c) is not { Length: 2 }))
            {
                throw new ModelLoadException($"model card is damaged: multi-label task '{task.Name}' lacks a calibration [A, B] per label. Restore model-card.json from the training run, or retrain.");
            }
            var svmColumns = task.Codes.Select((c, k) => svm.Weights[k].Length > 0 ? c : null).ToArray();
            return new FittedTask(task, null, new MultilabelModel(transformer, svmColumns, taskCard.Trainer, svm, taskCard.Calibration), null, taskCard.Thresholds, taskCard.AtLeastOneLabel ?? false);
        }
        var columns = task.Codes.Select((_, k) => "P_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(c => schema.GetColumnOrNull(c) is null ? null : c).ToArray();
        return new FittedTask(task, null, new MultilabelModel(transformer, columns, taskCard.Trainer), null, taskCard.Thresholds, taskCard.AtLeastOneLabel ?? false);
    }
}

/// <summary>A model folder is missing, damaged or does not match its card; the message says what to do.</summary>
public sealed class ModelLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelLoadException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public ModelLoadException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public ModelLoadException() { }
}
