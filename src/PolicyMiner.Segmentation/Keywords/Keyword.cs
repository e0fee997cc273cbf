namespace PolicyMiner.Segmentation.Keywords;

/// <summary>One keyword and its weight (TF-IDF score, or TextRank score normalised so the best word has 1.0).</summary>
/// <param name="Word">The word as segmented.</param>
/// <param name="Weight">The weight, bit-identical to Python jieba 0.42.1's for the same input.</param>
public readonly record struct Keyword(string Word, double Weight);
