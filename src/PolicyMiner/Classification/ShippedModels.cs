namespace PolicyMiner.Classification;

/// <summary>
/// The model shipped with the tool (<c>models/fields-regulations/</c>, copied beside the program): the nine policy
/// fields trained on the 500 coded State Council regulations of the shared corpus. <c>classify</c> and <c>run</c> use
/// it when given neither a model nor codes, for the tasks it has; the codebook's other tasks (e.g. <c>type</c>) come
/// from the seed words, flagged as a cold start. A user's own <c>--model</c> or codes always win.
/// </summary>
public static class ShippedModels
{
    /// <summary>Folder name of the shipped fields model.</summary>
    public const string FieldsName = "fields-regulations";

    /// <summary>Where the shipped fields model lives: <c>models/fields-regulations</c> beside the program.</summary>
    public static string FieldsDirectory => Path.Combine(AppContext.BaseDirectory, "models", FieldsName);

    /// <summary>True when the shipped model's files are beside the program.</summary>
    public static bool FieldsAvailable => File.Exists(Path.Combine(FieldsDirectory, "model.zip"));

    /// <summary>
    /// Codes documents with a model for the tasks it has and with the codebook's seed words for the codebook's other
    /// tasks. Returns the codebook of the output (the codebook's tasks, in its order, with the model's label sets for the
    /// model's tasks) and the predictions; <paramref name="seedWordTasks"/> names the tasks coded from seed words.
    /// </summary>
    public static (Codebook Codebook, IReadOnlyList<DocumentPrediction> Predictions) Classify(
        ClassifierModel model, Codebook codebook, IReadOnlyList<InputDocument> documents, out IReadOnlyList<string> seedWordTasks)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(documents);
        var output = OutputCodebook(model, codebook, out var others);
        seedWordTasks = others.Select(t => t.Name).ToList();
        var fromModel = model.Classify(documents);
        var fromSeeds = others.Count == 0 ? null : new SeedWordClassifier(codebook with { Tasks = others }).Classify(documents);
        var merged = new List<DocumentPrediction>(documents.Count);
        for (var i = 0; i < documents.Count; i++)
        {
            var m = fromModel[i];
            if (fromSeeds is null)
            {
                merged.Add(m);
                continue;
            }
            var s = fromSeeds[i];
            var all = new Dictionary<string, TaskPrediction>(m.Tasks, StringComparer.Ordinal);
            foreach (var (name, p) in s.Tasks)
            {
                all[name] = p;
            }
            merged.Add(new DocumentPrediction(m.DocId, all, Math.Max(m.Uncertainty, s.Uncertainty), m.NeedsReview || s.NeedsReview));
        }
        return (output, merged);
    }

    /// <summary>
    /// The codebook of <see cref="Classify"/>'s output (known before any document is read, so a streaming classify can
    /// write its header first): the codebook's tasks in its order, the model's label sets for the model's tasks;
    /// <paramref name="seedWordTasks"/> are the codebook's tasks coded from seed words.
    /// </summary>
    public static Codebook OutputCodebook(ClassifierModel model, Codebook codebook, out IReadOnlyList<CodebookTask> seedWordTasks)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(codebook);
        var modelTasks = model.Card.Tasks.Select(t => model.Card.Codebook.Find(t.Name)!).ToList();
        var others = codebook.Tasks.Where(t => modelTasks.All(m => m.Name != t.Name) && t.Labels.Count(l => l.SeedWords.Count > 0) >= 2).ToList();
        seedWordTasks = others;
        var tasks = codebook.Tasks.Select(t => modelTasks.FirstOrDefault(m => m.Name == t.Name) ?? (others.Contains(t) ? t : null)).OfType<CodebookTask>().ToList();
        tasks.AddRange(modelTasks.Where(m => tasks.All(t => t.Name != m.Name)));
        return codebook with { Tasks = tasks };
    }

    /// <summary>The line a command prints when it falls back to the shipped model (what codes what, and how to replace it).</summary>
    public static string Notice(string verb, ModelCard card, IReadOnlyList<string> seedWordTasks)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(seedWordTasks);
        var metrics = string.Join(", ", card.Tasks.Select(t => t.Metrics is { } m
            ? $"{t.Name}: CV macro-F1 {m.MacroF1.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}" : t.Name));
        return $"{verb}: no --model or codes given: {string.Join(", ", card.Tasks.Select(t => t.Name))} from the shipped model '{card.Name}' " +
               $"(trained on {card.TrainingDocuments} coded State Council regulations; {metrics})" +
               (seedWordTasks.Count > 0 ? $"; {string.Join(", ", seedWordTasks)} from the codebook's seed words (a weak cold start: scores, not probabilities)" : "") +
               ". Code some of your own documents and train (policyminer train) to replace both.";
    }
}
