namespace PolicyMiner.Segmentation;

/// <summary>
/// A token with its position in the input: <c>text[Start..End)</c>, offsets in UTF-16 code units (C# string
/// indices).
/// </summary>
/// <remarks>
/// NOTE: Python jieba's <c>tokenize</c> counts code points; the two agree unless the text contains characters
/// outside the BMP (emoji, CJK Ext-B), each of which counts 2 here and 1 in Python.
/// </remarks>
/// <param name="Word">The token text.</param>
/// <param name="Start">Offset of the first UTF-16 code unit.</param>
/// <param name="End">Offset just past the last UTF-16 code unit (exclusive).</param>
public readonly record struct Token(string Word, int Start, int End);

/// <summary>A word and its part-of-speech flag, as <c>jieba.posseg</c>'s <c>pair(word, flag)</c>.</summary>
/// <param name="Word">The word.</param>
/// <param name="Flag">The ICTCLAS-style POS flag (<c>n</c>, <c>v</c>, <c>x</c>, <c>eng</c>, <c>m</c>…).</param>
public readonly record struct WordTag(string Word, string Flag);

/// <summary>Tokenize mode, as jieba's <c>tokenize(mode=...)</c>.</summary>
public enum TokenizeMode
{
    /// <summary>Precise-mode tokens (<c>mode="default"</c>).</summary>
    Default,

    /// <summary>Precise tokens plus their dictionary 2- and 3-grams (<c>mode="search"</c>).</summary>
    Search,
}
