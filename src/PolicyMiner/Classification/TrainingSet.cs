namespace PolicyMiner.Classification;

/// <summary>One coded document: its text and its codes per task.</summary>
/// <param name="Document">The document.</param>
/// <param name="Row">Its coded row.</param>
public sealed record TrainingExample(InputDocument Document, CodedRow Row);

/// <summary>Coded documents joined with their texts, ready for <c>train</c> / <c>evaluate</c>.</summary>
/// <param name="Codebook">The effective codebook.</param>
/// <param name="Examples">Coded documents found in the documents (sorted by doc_id).</param>
/// <param name="CoderColumns">task → the two coders' columns, when the coded CSV has them.</param>
/// <param name="Warnings">Unmatched rows, skipped files, classes with too few examples.</param>
public sealed record TrainingSet(
    Codebook Codebook, IReadOnlyList<TrainingExample> Examples,
    IReadOnlyDictionary<string, (string A, string B)> CoderColumns, IReadOnlyList<string> Warnings)
{
    /// <summary>Per <c>--labels</c> file: its kind and how many rows people coded (see <see cref="CodedSet.Files"/>).</summary>
    public IReadOnlyList<LabelFileSummary> LabelFiles { get; init; } = [];

    /// <summary>Fewer coded examples than this in a class → a warning (the model will rarely predict it).</summary>
    public const int MinExamplesPerClass = 5;

    /// <summary>Joins documents with coded rows by doc_id, or by file (relative path, file name, or name without extension).</summary>
    public static TrainingSet Join(InputDocumentSet documents, CodedSet coded)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(coded);
        var warnings = new List<string>(documents.Warnings);
        warnings.AddRange(coded.Warnings);
        var byKey = new Dictionary<string, InputDocument>(StringComparer.Ordinal);
        foreach (var d in documents.Documents)
        {
            byKey.TryAdd(d.Id, d);
            if (coded.KeyColumn == "file" && d.File is not null)
            {
                byKey.TryAdd(Normalize(d.File), d);
                byKey.TryAdd(Path.GetFileName(d.File), d);
            }
        }
        var examples = new List<TrainingExample>();
        var missing = new List<string>();
        foreach (var row in coded.Rows)
        {
            var key = coded.KeyColumn == "file" ? Normalize(row.Key) : row.Key;
            if (byKey.TryGetValue(key, out var doc)
                || coded.KeyColumn == "file" && (byKey.TryGetValue(Path.GetFileName(key), out doc) || byKey.TryGetValue(Path.GetFileNameWithoutExtension(key), out doc)))
            {
                if (row.Codes.Count > 0)
                {
                    examples.Add(new TrainingExample(doc, row));
                }
            }
            else
            {
                missing.Add(row.Key);
            }
        }
        if (missing.Count > 0)
        {
            warnings.Add($"{missing.Count} coded row(s) match no document by {coded.KeyColumn} and are not used, e.g. {string.Join(", ", missing.Take(5))}.");
        }
        if (examples.Count == 0)
        {
            throw new InvalidDataException($"no coded row matches a document: the coded CSV's {coded.KeyColumn} values (e.g. {string.Join(", ", coded.Rows.Take(3).Select(r => r.Key))}) must equal the documents' ids (e.g. {string.Join(", ", documents.Documents.Take(3).Select(d => d.Id))}).");
        }
        foreach (var task in coded.Codebook.Tasks)
        {
            var counts = task.Codes.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
            foreach (var e in examples)
            {
                foreach (var c in e.Row.Codes.GetValueOrDefault(task.Name) ?? [])
                {
                    counts[c]++;
                }
            }
            var few = counts.Where(kv => kv.Value < MinExamplesPerClass).Select(kv => $"{kv.Key} ({kv.Value})").ToList();
            if (few.Count > 0)
            {
                warnings.Add($"task '{task.Name}': too few coded examples for {string.Join(", ", few)}; fewer than {MinExamplesPerClass} examples give unreliable predictions for a label — code more documents of it.");
            }
        }
        return new TrainingSet(coded.Codebook, examples.OrderBy(e => e.Document.Id, StringComparer.Ordinal).ToList(), coded.CoderColumns, warnings) { LabelFiles = coded.Files };
    }

    private static string Normalize(string path) => path.Replace('\\', '/').TrimStart('.', '/');
}
