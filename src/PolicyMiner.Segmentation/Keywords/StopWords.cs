using System.Collections.Frozen;
using System.Text;

namespace PolicyMiner.Segmentation.Keywords;

/// <summary>Stop words for keyword extraction, compared with the lower-cased word as jieba does.</summary>
public static class StopWords
{
    /// <summary>
    /// jieba 0.42.1's default stop set (<c>KeywordExtractor.STOP_WORDS</c> in jieba/analyse/tfidf.py): 31 English
    /// words, no Chinese ones.
    /// </summary>
    public static IReadOnlySet<string> Default { get; } = new[]
    {
        "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are",
        "by", "be", "as", "on", "with", "can", "if", "from", "which", "you", "it",
        "this", "then", "at", "have", "all", "not", "one", "has", "or",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The lines of a stop-word file, as <c>jieba.analyse.set_stop_words</c> reads them: UTF-8, split with Python's
    /// <c>splitlines</c>, each line taken verbatim (not trimmed, not lower-cased — so a line with capitals or a
    /// trailing space never matches, exactly as in jieba). A UTF-8 byte-order mark is dropped (NOTE: jieba keeps it
    /// glued to the first word).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not valid UTF-8.</exception>
    public static IReadOnlyList<string> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Stop-word file '{path}' does not exist. Give a UTF-8 text file with one stop word per line.", path);
        }
        var bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(span);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException(
                $"Stop-word file '{path}' is not valid UTF-8. Save it as UTF-8 and try again.", e);
        }
        return PythonText.SplitLines(text);
    }
}
