using System.Collections;
using PolicyMiner.Extraction;

namespace PolicyMiner.Export;

/// <summary>
/// The join of a labeled CSV kept on disk (<see cref="LabelStore"/>) with the documents, giving exactly what
/// <see cref="DocumentMatcher"/> gives over the whole table, without a map of every key (issue 15, memory in corpus
/// size). Classify keys its rows by doc_id, so one pass over the documents finds each document's row by its doc_id
/// (a bit a row marks it used). Only the rows left over — keys that are no doc_id — go through the other rules
/// (sha256, path, file name, file stem), by <see cref="DocumentMatcher.Match"/> itself; that needs every document's
/// keys, so a table keyed otherwise costs what it did before. When a document has several rows (its doc_id and, say,
/// its path), the last key in ordinal order wins, as the in-memory map filled in key order does.
/// </summary>
internal static class StreamingMatcher
{
    /// <summary>The row of each document (null when none), and the warnings <see cref="DocumentMatcher"/>'s use gives.</summary>
    public static Func<ExtractedDocument, IReadOnlyList<string>?> Match(LabelTable table, LabelStore store, IReadOnlyList<ExtractedDocument> docs, List<string> warnings)
    {
        var used = new BitArray(store.Count);
        var exact = 0;
        var documents = 0;
        foreach (var d in docs)
        {
            documents += d.IsError ? 0 : 1;
            if (store.FindEntry(d.DocId) is { } e)
            {
                used[e] = true;
                exact++;
            }
        }
        var leftover = new List<string>();
        for (var e = 0; e < store.Count; e++)
        {
            if (!used[e])
            {
                leftover.Add(store.KeyOf(e));
            }
        }
        leftover.Sort(StringComparer.Ordinal);
        // key → doc_id for the leftover keys, by the other rules; per document the ordinal-last key.
        var other = new Dictionary<string, string>(StringComparer.Ordinal);
        DocumentMatch? rest = null;
        if (leftover.Count > 0)
        {
            rest = DocumentMatcher.Match(docs.Select(d => new DocumentKey(d.DocId, d.Path, d.Sha256)).ToList(), leftover);
            foreach (var (key, id) in rest.DocIdOfKey)
            {
                other[id] = key;
            }
        }
        var matched = exact + (rest?.DocIdOfKey.Count ?? 0);
        if (matched == 0)
        {
            throw ExportDatasetBuilder.NoMatch(table, store.MinKey, docs);
        }
        if (rest is { Unmatched.Count: > 0 })
        {
            var byRule = rest.ByRule.Select(kv => kv.Key == "doc_id" ? new KeyValuePair<string, int>(kv.Key, kv.Value + exact) : kv).ToList();
            warnings.Add(DocumentMatch.Summary(table.Path, table.KeyColumn, matched, store.Count, byRule, rest.Unmatched)
                + "; those rows are NOT exported. Check that both files come from the same documents.");
        }
        var withRow = exact;
        if (other.Count > 0)
        {
            foreach (var d in docs)
            {
                if (other.ContainsKey(d.DocId) && store.FindEntry(d.DocId) is null)
                {
                    withRow++;
                }
            }
        }
        if (documents - withRow > 0)
        {
            warnings.Add(ExportDatasetBuilder.Missing(table, documents - withRow, documents));
        }
        return d =>
        {
            var row = store.Find(d.DocId);
            if (other.TryGetValue(d.DocId, out var key) && (row is null || string.CompareOrdinal(key, d.DocId) > 0))
            {
                row = store.Find(key);
            }
            return row;
        };
    }
}
