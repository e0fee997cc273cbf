using PolicyMiner.Extraction;

namespace PolicyMiner.Export;

/// <summary>The dataset's rows and records computed on reading, its warnings, and the join of a label table with the documents.</summary>
public static partial class ExportDatasetBuilder
{
    private static Func<ExtractedDocument, IReadOnlyList<string>?> Matcher(LabelTable table, IReadOnlyList<ExtractedDocument> docs, List<string> warnings)
    {
        var lookup = table.Store is { } store ? StreamingMatcher.Match(table, store, docs, warnings) : InMemoryMatcher(table, docs, warnings);
        // The cells of one row ask for the same document one after another: remember the last answer (one read a document).
        ExtractedDocument? last = null;
        IReadOnlyList<string>? answer = null;
        return d =>
        {
            if (!ReferenceEquals(d, last))
            {
                answer = lookup(d);
                last = d;
            }
            return answer;
        };
    }

    private static Func<ExtractedDocument, IReadOnlyList<string>?> InMemoryMatcher(LabelTable table, IReadOnlyList<ExtractedDocument> docs, List<string> warnings)
    {
        var match = DocumentMatcher.Match(docs.Select(d => new DocumentKey(d.DocId, d.Path, d.Sha256)).ToList(), table.Keys);
        if (match.DocIdOfKey.Count == 0)
        {
            throw NoMatch(table, table.Keys.FirstOrDefault(), docs);
        }
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, id) in match.DocIdOfKey)
        {
            map[id] = table.Row(key)!;
        }
        if (match.Unmatched.Count > 0)
        {
            warnings.Add(match.Summary(table.Path, table.KeyColumn) + "; those rows are NOT exported. Check that both files come from the same documents.");
        }
        var missing = docs.Count(d => !d.IsError) - map.Count;
        if (missing > 0)
        {
            warnings.Add(Missing(table, missing, docs.Count(d => !d.IsError)));
        }
        return d => map.TryGetValue(d.DocId, out var r) ? r : null;
    }

    /// <summary>The error when no row of a table matches a document.</summary>
    internal static InvalidDataException NoMatch(LabelTable table, string? firstKey, IEnumerable<ExtractedDocument> docs) => new(
        $"{table.Path}: none of its {table.Count} rows matches a document of documents.jsonl by {table.KeyColumn} " +
        $"(e.g. '{firstKey}'; documents are e.g. {string.Join(", ", docs.Take(3).Select(d => $"'{d.DocId}' = {d.Path}"))}). " +
        "Key the rows by the doc_id of documents.jsonl / labeled.csv, the file name, the path or the sha256, and check that both come from the same documents.");

    /// <summary>The warning when documents have no row.</summary>
    internal static string Missing(LabelTable table, int missing, int documents) =>
        $"{table.Path}: {missing} of {documents} documents have no row; their cells are empty.";

    /// <summary>Values computed from the documents when read (each enumeration reads the documents once, in order).</summary>
    private sealed class ComputedList<T>(IReadOnlyList<ExtractedDocument> docs, Func<ExtractedDocument, T> compute, Action? completed = null) : IReadOnlyList<T>
    {
        public int Count => docs.Count;

        public T this[int index] => compute(docs[index]);

        public IEnumerator<T> GetEnumerator()
        {
            foreach (var d in docs)
            {
                yield return compute(d);
            }
            completed?.Invoke();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The dataset's warnings, distinct, once the rows have been read completely (read here first if need be).</summary>
    private sealed class CollectedWarnings(List<string> warnings, Action readRows) : IReadOnlyList<string>
    {
        private List<string>? distinct;

        public int Count => Distinct().Count;

        public string this[int index] => Distinct()[index];

        public IEnumerator<string> GetEnumerator() => Distinct().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private List<string> Distinct()
        {
            if (distinct is null)
            {
                readRows();
                distinct = warnings.Distinct(StringComparer.Ordinal).ToList();
            }
            return distinct;
        }
    }
}
