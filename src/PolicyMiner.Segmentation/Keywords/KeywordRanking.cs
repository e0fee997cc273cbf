namespace PolicyMiner.Segmentation.Keywords;

/// <summary>Python's <c>sorted(items, key=weight, reverse=True)[:topK]</c>.</summary>
internal static class KeywordRanking
{
    /// <summary>
    /// Sorts by weight descending with a STABLE sort (ties keep their input order, as Python's sorted does even with
    /// reverse=True; <see cref="List{T}.Sort()"/> is not stable) and keeps the first <paramref name="topK"/> (all when 0).
    /// </summary>
    public static List<Keyword> TopStable(List<Keyword> items, int topK)
    {
        var sorted = items.OrderByDescending(k => k.Weight);
        return (topK > 0 ? sorted.Take(topK) : sorted).ToList();
    }
}
