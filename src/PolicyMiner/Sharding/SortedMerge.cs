using System.Text;

namespace PolicyMiner.Sharding;

/// <summary>
/// The streaming joins of <c>merge</c>: every shard's file is already in the order a single run writes (documents by
/// path, labeled rows by doc_id, review rows by review order), so a k-way merge of the files (a heap of one head per
/// shard; Knuth, TAOCP vol. 3, §5.4.1) gives the single run's order while holding one record per shard in memory.
/// </summary>
internal static class SortedMerge
{
    /// <summary>Merges sorted sequences; yields each item with the index of the sequence it came from. Ties go to the lower index.</summary>
    public static IEnumerable<(T Item, int Source)> Merge<T>(IReadOnlyList<IEnumerable<T>> sources, IComparer<T> comparer)
    {
        var enumerators = sources.Select(s => s.GetEnumerator()).ToList();
        try
        {
            // ties by source index, so the order never depends on the heap's internals
            var byIndex = new PriorityQueue<int, (T Item, int Source)>(Comparer<(T Item, int Source)>.Create((a, b) =>
            {
                var c = comparer.Compare(a.Item, b.Item);
                return c != 0 ? c : a.Source.CompareTo(b.Source);
            }));
            for (var i = 0; i < enumerators.Count; i++)
            {
                if (enumerators[i].MoveNext())
                {
                    byIndex.Enqueue(i, (enumerators[i].Current, i));
                }
            }
            while (byIndex.TryDequeue(out var source, out var head))
            {
                yield return (head.Item, source);
                if (enumerators[source].MoveNext())
                {
                    byIndex.Enqueue(source, (enumerators[source].Current, source));
                }
            }
        }
        finally
        {
            foreach (var e in enumerators)
            {
                e.Dispose();
            }
        }
    }

    /// <summary>
    /// The records of a CSV file as written (<see cref="Csv.WriteRow"/>: CRLF ends, quoted cells may hold line breaks),
    /// each as its raw text without the line end plus its parsed cells; the first record is the header. A BOM is dropped.
    /// </summary>
    public static IEnumerable<(string Raw, List<string> Cells)> CsvRecords(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var record = new StringBuilder();
        var inQuotes = false;
        int ch;
        while ((ch = reader.Read()) >= 0)
        {
            var c = (char)ch;
            if (c == '"')
            {
                inQuotes = !inQuotes; // "" inside a quoted cell toggles twice
            }
            if (c == '\n' && !inQuotes)
            {
                if (record.Length > 0 && record[^1] == '\r')
                {
                    record.Length--;
                }
                yield return Parsed(record.ToString());
                record.Clear();
                continue;
            }
            record.Append(c);
        }
        if (record.Length > 0)
        {
            yield return Parsed(record.ToString());
        }
    }

    private static (string Raw, List<string> Cells) Parsed(string raw) =>
        (raw, Csv.Parse(new StringReader(raw)).FirstOrDefault().Cells ?? [""]);
}
