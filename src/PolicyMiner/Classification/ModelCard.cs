using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyMiner.Classification;

/// <summary>
/// <c>model-card.json</c>: what a model in <c>models/&lt;name&gt;/</c> was trained on, how, and how well it did.
/// Written by <c>train</c>, checked by <c>classify</c>/<c>evaluate</c> on load, read by <c>export</c> for its report.
/// JSON is snake_case (see <see cref="JsonOptions"/>).
/// </summary>
public sealed record ModelCard
{
    /// <summary>Format tag of the card; a loader rejects other values.</summary>
    public const string CurrentFormat = "policyminer-model/2";

    /// <summary>Card format (<see cref="CurrentFormat"/>).</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>Model name (the model folder's name).</summary>
    public required string Name { get; init; }

    /// <summary>What the model is: corpus, who coded it, intended use (<c>train --about</c>); null when not given.</summary>
    public string? About { get; init; }

    /// <summary>When the model was trained, UTC, ISO 8601.</summary>
    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>PolicyMiner version that trained the model.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>The codebook the model codes (tasks, labels, definitions).</summary>
    public required Codebook Codebook { get; init; }

    /// <summary>One entry per coded task (e.g. <c>type</c>, <c>fields</c>).</summary>
    public required IReadOnlyList<TaskCard> Tasks { get; init; }

    /// <summary>SHA-256 (hex) over the training documents' ids, feature text and coded labels, in sorted order.</summary>
    public required string TrainingDataHash { get; init; }

    /// <summary>Number of coded documents used for training.</summary>
    public int TrainingDocuments { get; init; }

    /// <summary>
    /// Content hash of every training document (<see cref="Evaluation.ContentHash"/>: 16 hex digits of the SHA-256 of
    /// title and text without whitespace), sorted, so <c>evaluate --model</c> can tell which test documents the model
    /// was trained on. Null in cards written before this field existed.
    /// </summary>
    public IReadOnlyList<string>? TrainingDocumentHashes { get; init; }

    /// <summary>The coded training documents: doc_id and content hash (<c>next</c> never picks them again). Absent in older cards.</summary>
    public IReadOnlyList<TrainedDocument> TrainingDocumentIds { get; init; } = [];

    /// <summary>Cross-validated macro-F1 at 25/50/75/100 % of the coded documents (<c>train --learning-curve</c>); null otherwise and in older cards.</summary>
    public LearningCurve? LearningCurve { get; init; }

    /// <summary>The coded CSV files the labels came from (file names as given).</summary>
    public IReadOnlyList<string> LabelFiles { get; init; } = [];

    /// <summary>Per label file (in the order given; later files' rows replace earlier ones): how many rows people coded and how many of them trained this model.</summary>
    public IReadOnlyList<LabelFileCard>? LabelSources { get; init; }

    /// <summary>The codes the model was trained on: doc_id → task → codes joined by ';' (lets the next training list what changed).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? TrainingCodes { get; init; }

    /// <summary>Random seed of training and cross-validation.</summary>
    public required int Seed { get; init; }

    /// <summary>Feature and training options.</summary>
    public required ModelOptions Options { get; init; }

    /// <summary>Versions the features and the model file depend on.</summary>
    public required ModelVersions Versions { get; init; }

    /// <summary>What changed against the card previously in the model folder (retraining); empty for a first model.</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    /// <summary>SHA-256 (hex) of model.zip, so a loader can tell a card and a model file from different runs apart.</summary>
    public string? ModelSha256 { get; init; }

    /// <summary>
    /// SHA-256 over the card values that decide labels (thresholds, calibration, temperature, labels, trainer, options),
    /// so a loader refuses a card edited by hand; null in cards written before it existed.
    /// </summary>
    public string? ValuesSha256 { get; init; }

    /// <summary>Warnings raised while training (e.g. classes with too few examples).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The JSON options of <c>model-card.json</c> (snake_case, indented, readable Chinese).</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // κ/α are NaN when undefined (e.g. a label no coder used): write "NaN" rather than fail.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}

/// <summary>A training document of a model: its doc_id and content hash.</summary>
/// <param name="DocId">doc_id as read by <c>train</c>.</param>
/// <param name="Sha256">The document's <see cref="InputDocument.Sha256"/> (file bytes; title + text for table rows), or when it has none a SHA-256 of title + U+0001 + text (<see cref="HashOf"/>): the same document under another id is still recognised.</param>
public sealed record TrainedDocument(string DocId, string Sha256)
{
    /// <summary>The content hash a card records for a document: its <see cref="InputDocument.Sha256"/>, else a SHA-256 of title, U+0001 and text.</summary>
    public static string HashOf(InputDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Sha256 is { Length: > 0 } sha ? sha
            : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes((document.Title ?? "") + "\u0001" + document.Text)));
    }
}

/// <summary>One task of a model: its labels, the chosen trainer, thresholds and cross-validated metrics.</summary>
public sealed record TaskCard
{
    /// <summary>Task name = column name in the coded CSV and in the labeled output.</summary>
    public required string Name { get; init; }

    /// <summary><c>multiclass</c> (one label per document) or <c>multilabel</c> (any number of labels).</summary>
    public required string Kind { get; init; }

    /// <summary>The task's labels, in codebook order.</summary>
    public required IReadOnlyList<LabelName> Labels { get; init; }

    /// <summary>Training examples per label code.</summary>
    public required IReadOnlyDictionary<string, int> LabelCounts { get; init; }

    /// <summary>The ML.NET trainer used (for multi-label: the per-label binary trainer).</summary>
    public required string Trainer { get; init; }

    /// <summary>Trainers compared by cross-validation and their macro-F1 (the winner is <see cref="Trainer"/>).</summary>
    public IReadOnlyDictionary<string, double>? TrainerSelection { get; init; }

    /// <summary>Multi-label only: per-label probability thresholds (tuned on cross-validated predictions of the training data).</summary>
    public IReadOnlyDictionary<string, double>? Thresholds { get; init; }

    /// <summary>linear-svm: softmax temperature of T_prob (fitted on out-of-fold margins; also stored in model.zip).</summary>
    public double? Temperature { get; init; }

    /// <summary>Multi-label linear-svm: Platt's [A, B] per label, P = 1 / (1 + exp(A·margin + B)), fitted on out-of-fold margins.</summary>
    public IReadOnlyDictionary<string, double[]>? Calibration { get; init; }

    /// <summary>
    /// Multiclass linear-svm: weight of the sentence-embedding block beside the TF-IDF blocks, chosen by inner CV
    /// (the SVM weights in model.zip already include it); null: no block (and in cards written before it existed).
    /// </summary>
    public double? EmbeddingWeight { get; init; }

    /// <summary>Multi-label only: true when every training document had a label, so a prediction never leaves a document empty.</summary>
    public bool? AtLeastOneLabel { get; init; }

    /// <summary>Cross-validated metrics on the training data (null when training skipped cross-validation).</summary>
    public TaskMetrics? Metrics { get; init; }

    /// <summary>
    /// Per label the terms with the largest positive weights in the fitted linear model (what the model looks for),
    /// largest first; null in cards written before it existed, and for trainers whose weights ML.NET does not expose.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TermWeight>>? TopTerms { get; init; }
}

/// <summary>What one label file contributed to a model.</summary>
/// <param name="File">File name as given to <c>--labels</c>.</param>
/// <param name="Kind"><c>coding sheet</c> or <c>coded table</c>.</param>
/// <param name="Rows">Data rows in the file.</param>
/// <param name="Coded">Rows a person coded (coding sheet: status coded).</param>
/// <param name="MachineSkipped">Coding-sheet rows left at status machine (not labels).</param>
/// <param name="Used">Coded rows that trained the model (not replaced by a later file, and matched to a document).</param>
public sealed record LabelFileCard(string File, string Kind, int Rows, int Coded, int MachineSkipped, int Used);

/// <summary>A label's code and names.</summary>
/// <param name="Code">Code used in CSV cells.</param>
/// <param name="Zh">Chinese name.</param>
/// <param name="En">English name.</param>
public sealed record LabelName(string Code, string? Zh, string? En);

/// <summary>Metrics of one task (cross-validation or a test file).</summary>
public sealed record TaskMetrics
{
    /// <summary>Number of cross-validation folds (0 when evaluated on a given test file).</summary>
    public int Folds { get; init; }

    /// <summary>Documents evaluated.</summary>
    public int Documents { get; init; }

    /// <summary>Multiclass: share of documents with the right label. Multi-label: exact-match ratio (subset accuracy).</summary>
    public double Accuracy { get; init; }

    /// <summary>Unweighted mean of per-label F1 (labels with support or predictions).</summary>
    public double MacroF1 { get; init; }

    /// <summary>F1 over pooled true/false positives of all labels (multiclass: equals accuracy).</summary>
    public double MicroF1 { get; init; }

    /// <summary>Cohen's κ between model and coders (multi-label: mean of per-label binary κ).</summary>
    public double Kappa { get; init; }

    /// <summary>Per-label precision, recall, F1, support.</summary>
    public IReadOnlyList<LabelMetrics> PerLabel { get; init; } = [];

    /// <summary>Multiclass confusion matrix (rows = coded, columns = predicted); null for multi-label.</summary>
    public ConfusionMatrix? Confusion { get; init; }

    /// <summary>Agreement between two human coders on the same documents, when the coded CSV carries both.</summary>
    public CoderAgreement? HumanAgreement { get; init; }
}

/// <summary>Precision, recall and F1 of one label.</summary>
/// <param name="Label">Label code.</param>
/// <param name="Precision">TP / (TP + FP), 0 when nothing predicted.</param>
/// <param name="Recall">TP / (TP + FN), 0 when no support.</param>
/// <param name="F1">Harmonic mean of precision and recall.</param>
/// <param name="Support">Coded documents carrying the label.</param>
/// <param name="Kappa">Multi-label: binary Cohen's κ model vs coders for this label; null for multiclass.</param>
public sealed record LabelMetrics(string Label, double Precision, double Recall, double F1, int Support, double? Kappa = null);

/// <summary>A confusion matrix: <c>Matrix[i][j]</c> = documents coded <c>Labels[i]</c> and predicted <c>Labels[j]</c>.</summary>
/// <param name="Labels">Row/column labels.</param>
/// <param name="Matrix">Counts.</param>
public sealed record ConfusionMatrix(IReadOnlyList<string> Labels, IReadOnlyList<IReadOnlyList<int>> Matrix);

/// <summary>Inter-coder agreement between two human coders.</summary>
/// <param name="CoderA">Column of the first coder.</param>
/// <param name="CoderB">Column of the second coder.</param>
/// <param name="Documents">Documents both coded.</param>
/// <param name="Kappa">Cohen's κ (multi-label: mean of per-label binary κ).</param>
/// <param name="Alpha">Krippendorff's α, nominal (multi-label: mean of per-label binary α).</param>
/// <param name="PerLabel">Multi-label: per-label κ and α.</param>
public sealed record CoderAgreement(
    string CoderA, string CoderB, int Documents, double Kappa, double Alpha,
    IReadOnlyList<LabelAgreement>? PerLabel = null);

/// <summary>Per-label agreement of two coders (multi-label tasks).</summary>
/// <param name="Label">Label code.</param>
/// <param name="Kappa">Binary Cohen's κ.</param>
/// <param name="Alpha">Binary Krippendorff's α (nominal).</param>
public sealed record LabelAgreement(string Label, double Kappa, double Alpha);

/// <summary>Feature and training options recorded in the card (so a model can be retrained the same way).</summary>
public sealed record ModelOptions
{
    /// <summary>Columns (CSV/XLSX inputs) or fields (title, text) whose text forms the features.</summary>
    public IReadOnlyList<string> TextColumns { get; init; } = ["title", "text"];

    /// <summary>Featurizer (a description; the fitted featurizer itself is inside model.zip).</summary>
    public string Featurizer { get; init; } = "multiclass: jieba words (digits kept in Latin-script documents), sublinear tf (round(3(1+ln tf)) copies), [tfidf,l2 | tf,l2 when the median document has >= 1000 tokens | han chars+bigrams of title and first 500 body chars, sublinear, tfidf,l2]; multi-label linear-svm: jieba words, sublinear tf, [tfidf,l2 | han chars+bigrams of title and first 500 body chars, tfidf,l2]; multi-label lbfgs-logistic: raw counts, [tfidf of 1-2-grams,l2 | han chars+bigrams, tfidf,l2]";

    /// <summary>Whether Chinese/English stop words were removed.</summary>
    public bool StopWords { get; init; } = true;

    /// <summary>Characters of body text used (0 = all); titles are always used.</summary>
    public int MaxTextChars { get; init; }

    /// <summary>Sublinear term frequency (1 + ln tf, as scikit-learn's sublinear_tf) for multiclass tasks and multi-label linear-svm; multi-label lbfgs-logistic uses raw counts.</summary>
    public bool SublinearTf { get; init; } = true;

    /// <summary>Han characters and character bigrams of the title and opening as a second feature block (absent in cards before it existed: off).</summary>
    public bool CharNgrams { get; init; }

    /// <summary>Digit runs are tokens (absent in cards before it existed: off, digits dropped).</summary>
    public bool KeepNumbers { get; init; }

    /// <summary>
    /// The sentence encoder (<c>all-MiniLM-L6-v2</c>) whose 384-dimensional vector of the title and the body's first
    /// 1,000 characters forms an extra feature block of documents mostly in Latin script, when some task uses it
    /// (<see cref="TaskCard.EmbeddingWeight"/>); null: no embeddings (Chinese training data, and cards before it existed).
    /// </summary>
    public string? SentenceEmbeddings { get; init; }

    /// <summary>How many times a document's title tokens are counted.</summary>
    public int TitleWeight { get; init; } = 3;

    /// <summary>Cross-validation folds used for trainer selection, thresholds and card metrics.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Documents whose top probability is below this are flagged <c>needs_review</c>.</summary>
    public double ReviewThreshold { get; init; } = 0.5;
}

/// <summary>Versions a model depends on.</summary>
/// <param name="Mlnet">Microsoft.ML assembly version.</param>
/// <param name="Segmenter">Segmenter (PolicyMiner.Segmentation) assembly version.</param>
/// <param name="DictionarySha256">SHA-256 of the segmenter's dictionary (features depend on it).</param>
public sealed record ModelVersions(string Mlnet, string Segmenter, string DictionarySha256);
