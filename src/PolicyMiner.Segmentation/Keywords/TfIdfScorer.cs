namespace PolicyMiner.Segmentation.Keywords;

/// <summary>
/// The scoring half of <c>jieba.analyse.extract_tags</c> (jieba/analyse/tfidf.py, 0.42.1) on an already segmented
/// word stream. Operation order is Python's, so weights are bit-identical.
/// </summary>
internal static class TfIdfScorer
{
    /// <summary>
    /// Counts the words that pass the filter (<c>len(w.strip()) &gt;= 2</c>, <c>w.lower()</c> not a stop word), weighs
    /// each as <c>count * (idf / total)</c> and returns the best <paramref name="topK"/> (all when 0), heaviest first;
    /// equal weights keep the order in which the words first occur.
    /// </summary>
    public static List<Keyword> Rank(IEnumerable<string> words, IdfTable idf, IReadOnlySet<string> stopWords, int topK)
    {
        // Python dict: insertion order = first occurrence; counts are floats (freq.get(w, 0.0) + 1.0).
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        var counts = new List<double>();
        foreach (var w in words)
        {
            if (PythonText.StrippedLength(w) < 2 || stopWords.Contains(PythonText.Lower(w)))
            {
                continue;
            }
            if (index.TryGetValue(w, out int i))
            {
                counts[i] += 1.0;
            }
            else
            {
                index.Add(w, order.Count);
                order.Add(w);
                counts.Add(1.0);
            }
        }
        double total = 0.0;
        foreach (var c in counts)
        {
            total += c;
        }
        var scored = new List<Keyword>(order.Count);
        for (int i = 0; i < order.Count; i++)
        {
            // freq[k] *= idf.get(k, median) / total  →  count * (idf / total): division first (bit-exact order).
            scored.Add(new Keyword(order[i], counts[i] * (idf[order[i]] / total)));
        }
        return KeywordRanking.TopStable(scored, topK);
    }
}
