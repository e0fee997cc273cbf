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

    /// <summary>
    /// Joins documents with coded rows through <see cref="DocumentMatcher"/> (the row's key equals a document's doc_id,
    /// content hash, path, file name or stem). The summary line (<see cref="Matching"/>) says how many rows matched and
    /// shows unmatched ones; no match at all is an error.
    /// </summary>
    public static TrainingSet Join(InputDocumentSet documents, CodedSet coded)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(coded);
        var warnings = new List<string>(documents.Warnings);
        warnings.AddRange(coded.Warnings);
        var byId = documents.Documents.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var match = DocumentMatcher.Match(documents.Documents.Select(d => d.Key).ToList(), coded.Rows.Select(r => r.Key));
        var source = string.Join(", ", coded.Rows.Select(r => r.LabelFile ?? r.Source.Split(": row ")[0]).Distinct(StringComparer.Ordinal));
        if (match.DocIdOfKey.Count == 0)
        {
            throw new InvalidDataException($"no coded row matches a document: the {coded.KeyColumn} values of {source} (e.g. {string.Join(", ", coded.Rows.Take(3).Select(r => "'" + r.Key + "'"))}) are none of the documents' doc_id, file name, path or sha256 (documents e.g. {string.Join(", ", documents.Documents.Take(3).Select(d => d.Id + (d.File is null ? "" : " = " + d.File)))}). Check that the codes belong to these documents.");
        }
        // doc_id → its example (the later row wins); the list is sorted by doc_id at the end anyway.
        var byDoc = new Dictionary<string, TrainingExample?>(StringComparer.Ordinal);
        var usedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in coded.Rows)
        {
            if (!match.DocIdOfKey.TryGetValue(row.Key, out var id))
            {
                continue;
            }
            if (usedBy.TryGetValue(id, out var other))
            {
                warnings.Add($"{row.Source}: codes document {id} again (already coded by the row of '{other}'); the later row is used.");
            }
            usedBy[id] = row.Key;
            byDoc[id] = row.Codes.Count > 0 ? new TrainingExample(byId[id], row) : null;
        }
        var examples = byDoc.Values.OfType<TrainingExample>().ToList();
        var matching = match.Summary(source, coded.KeyColumn);
        if (match.Unmatched.Count > 0)
        {
            warnings.Add($"{match.Unmatched.Count} of {match.Rows} coded rows match no document and are NOT used: {matching}. Check the ids, or add the missing documents.");
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
        return new TrainingSet(coded.Codebook, examples.OrderBy(e => e.Document.Id, StringComparer.Ordinal).ToList(), coded.CoderColumns, warnings) { Matching = matching, LabelFiles = coded.Files };
    }

    /// <summary>How the coded rows matched the documents (one line for the user), e.g. "labels.csv: 48 of 48 rows matched a document by doc_id (doc_id 48)".</summary>
    public string Matching { get; init; } = "";
}
