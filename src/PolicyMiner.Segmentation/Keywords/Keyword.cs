namespace PolicyMiner.Segmentation.Keywords;

/// <summary>One keyword and its weight (TF-IDF score, or TextRank score normalised so the best word has 1.0).</summary>
/// <param name="Word">The word as segmented.</param>
/// <param name="Weight">The weight, bit-identical to Python jieba 0.42.1's for the same input.</param>
public readonly record struct Keyword(string Word, double Weight)
{
    /// <summary>
    /// The weight as Python prints it (<c>repr(float)</c>: shortest round-trip digits, <c>1.0</c>, <c>5e-05</c>),
    /// so output can be diffed with Python jieba's.
    /// </summary>
    public string FormatWeight() => PythonText.Repr(Weight);
}
