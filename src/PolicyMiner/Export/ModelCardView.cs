using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyMiner.Export;

/// <summary>
/// The fields of <c>models/&lt;name&gt;/model-card.json</c> that <c>export</c> needs (codebook labels, label counts,
/// cross-validation metrics, top terms). A minimal, lenient view: unknown fields are ignored, missing ones stay null.
/// </summary>
public sealed record ModelCardView
{
    /// <summary>Model name.</summary>
    public string Name { get; init; } = "";

    /// <summary>UTC creation time as written by <c>train</c>.</summary>
    public string? CreatedUtc { get; init; }

    /// <summary>What the model is (corpus, coders, intended use), when the card says.</summary>
    public string? About { get; init; }

    /// <summary>PolicyMiner version that trained the model.</summary>
    public string? ToolVersion { get; init; }

    /// <summary>The tasks the model predicts.</summary>
    public IReadOnlyList<ModelCardTask> Tasks { get; init; } = [];

    /// <summary>Cross-validated macro-F1 on growing shares of the coded documents (<c>train --learning-curve</c>), when the card has one.</summary>
    public PolicyMiner.Classification.LearningCurve? LearningCurve { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Reads <c>model-card.json</c> from a model folder (or the file itself).</summary>
    /// <exception cref="InvalidDataException">The file is missing or not a model card; the message says what to do.</exception>
    public static ModelCardView Load(string modelDirOrFile)
    {
        ArgumentNullException.ThrowIfNull(modelDirOrFile);
        var path = Directory.Exists(modelDirOrFile) ? Path.Combine(modelDirOrFile, "model-card.json") : modelDirOrFile;
        if (!File.Exists(path))
        {
            throw new InvalidDataException(
                $"{path}: model card not found. Pass the folder that `policyminer train` wrote (it holds model-card.json).");
        }
        try
        {
            var card = JsonSerializer.Deserialize<ModelCardView>(File.ReadAllText(path), JsonOptions)
                ?? throw new InvalidDataException($"{path}: the model card is empty (null).");
            return card;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException(
                $"{path}: not a valid model card (line {ex.LineNumber + 1}: {ex.Message}). Re-create it with `policyminer train`.", ex);
        }
    }
}

/// <summary>One task of a model card.</summary>
public sealed record ModelCardTask
{
    /// <summary>Task name (a column of the coded/labeled CSV).</summary>
    public string Name { get; init; } = "";

    /// <summary><c>multiclass</c> or <c>multilabel</c>.</summary>
    public string Kind { get; init; } = "multiclass";

    /// <summary>Labels with their Chinese and English names.</summary>
    public IReadOnlyList<ModelCardLabel> Labels { get; init; } = [];

    /// <summary>Training examples per label code.</summary>
    public IReadOnlyDictionary<string, int>? LabelCounts { get; init; }

    /// <summary>Cross-validation metrics, if recorded.</summary>
    public ModelCardMetrics? Metrics { get; init; }

    /// <summary>Per label the terms with the largest positive model weights (null in cards written before they existed).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ModelCardTerm>>? TopTerms { get; init; }

    /// <summary>True for a multi-label task.</summary>
    [JsonIgnore]
    public bool IsMultilabel => string.Equals(Kind, "multilabel", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A term and its weight in a label's linear model.</summary>
public sealed record ModelCardTerm
{
    /// <summary>The term (word, Han character or character bigram).</summary>
    public string Term { get; init; } = "";

    /// <summary>Its weight.</summary>
    public double Weight { get; init; }
}

/// <summary>A codebook label.</summary>
public sealed record ModelCardLabel
{
    /// <summary>Label code as it appears in the CSVs.</summary>
    public string Code { get; init; } = "";

    /// <summary>Chinese name.</summary>
    public string? Zh { get; init; }

    /// <summary>English name.</summary>
    public string? En { get; init; }
}

/// <summary>Cross-validation metrics of a task.</summary>
public sealed record ModelCardMetrics
{
    /// <summary>Number of folds.</summary>
    public int? Folds { get; init; }

    /// <summary>Documents evaluated.</summary>
    public int? Documents { get; init; }

    /// <summary>Agreement of two human coders, when the coded CSV had both.</summary>
    public ModelCardCoders? HumanAgreement { get; init; }

    /// <summary>Accuracy (multiclass) or subset accuracy.</summary>
    public double? Accuracy { get; init; }

    /// <summary>Macro-averaged F1.</summary>
    public double? MacroF1 { get; init; }

    /// <summary>Micro-averaged F1.</summary>
    public double? MicroF1 { get; init; }

    /// <summary>Cohen's kappa between model and coders.</summary>
    public double? Kappa { get; init; }

    /// <summary>Per-label precision, recall, F1 and support.</summary>
    public IReadOnlyList<ModelCardLabelMetrics> PerLabel { get; init; } = [];

    /// <summary>Confusion matrix (rows: true label, columns: predicted), if recorded.</summary>
    public ModelCardConfusion? Confusion { get; init; }
}

/// <summary>Metrics of one label.</summary>
public sealed record ModelCardLabelMetrics
{
    /// <summary>Label code.</summary>
    public string Label { get; init; } = "";

    /// <summary>Precision.</summary>
    public double Precision { get; init; }

    /// <summary>Recall.</summary>
    public double Recall { get; init; }

    /// <summary>F1.</summary>
    public double F1 { get; init; }

    /// <summary>Number of true examples.</summary>
    public int Support { get; init; }
}

/// <summary>A confusion matrix.</summary>
public sealed record ModelCardConfusion
{
    /// <summary>Label codes, in row/column order.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Counts: <c>Matrix[true][predicted]</c>.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Matrix { get; init; } = [];
}

/// <summary>Two coders' agreement as recorded in a model card.</summary>
public sealed record ModelCardCoders
{
    /// <summary>First coder's column.</summary>
    public string CoderA { get; init; } = "";

    /// <summary>Second coder's column.</summary>
    public string CoderB { get; init; } = "";

    /// <summary>Documents both coded.</summary>
    public int Documents { get; init; }

    /// <summary>Cohen's κ.</summary>
    public double Kappa { get; init; }

    /// <summary>Krippendorff's α (nominal).</summary>
    public double Alpha { get; init; }
}
