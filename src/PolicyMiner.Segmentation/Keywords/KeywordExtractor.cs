using System.Collections.Frozen;

namespace PolicyMiner.Segmentation.Keywords;

/// <summary>
/// Keyword extraction exactly as <c>jieba.analyse</c> 0.42.1: TF-IDF (<c>extract_tags</c>) and TextRank
/// (<c>textrank</c>) — same words, same order, bit-identical weights. Immutable and thread-safe; the word additions
/// of the underlying <see cref="JiebaTokenizer"/> are seen by later calls, as in jieba.
/// </summary>
/// <remarks>
/// Python's module-level <c>jieba.analyse.set_stop_words(path)</c> mutates a global; here
/// <see cref="WithStopWordsFile"/> returns a new extractor instead.
/// </remarks>
public sealed class KeywordExtractor
{
    /// <summary>TextRank's default parts of speech in jieba: place names, nouns, verbal nouns, verbs.</summary>
    public static readonly IReadOnlyCollection<string> DefaultTextRankPos = ["ns", "n", "vn", "v"];

    private static readonly Lazy<KeywordExtractor> LazyDefault =
        new(() => new KeywordExtractor(JiebaTokenizer.Default), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly JiebaTokenizer _tokenizer;
    private readonly FrozenSet<string> _stopWords;

    /// <summary>
    /// An extractor over <paramref name="tokenizer"/> with jieba's IDF table (or <paramref name="idf"/>) and jieba's
    /// 31 default stop words plus <paramref name="extraStopWords"/> (compared with the lower-cased word, as in jieba).
    /// </summary>
    public KeywordExtractor(JiebaTokenizer tokenizer, IdfTable? idf = null, IEnumerable<string>? extraStopWords = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
        Idf = idf ?? IdfTable.Default;
        var stop = new HashSet<string>(Keywords.StopWords.Default, StringComparer.Ordinal);
        if (extraStopWords is not null)
        {
            stop.UnionWith(extraStopWords);
        }
        _stopWords = stop.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The extractor jieba.analyse uses by default: <see cref="JiebaTokenizer.Default"/>, jieba's IDF and stop words.</summary>
    public static KeywordExtractor Default => LazyDefault.Value;

    /// <summary>The IDF table used by <see cref="ExtractTfIdf"/>.</summary>
    public IdfTable Idf { get; }

    /// <summary>The stop words (jieba's defaults plus any added).</summary>
    public IReadOnlySet<string> StopWords => _stopWords;

    /// <summary>
    /// <c>set_stop_words(path)</c>: a new extractor whose stop words also hold every line of the UTF-8 file
    /// <paramref name="path"/> (see <see cref="Keywords.StopWords.ReadFile"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not UTF-8.</exception>
    public KeywordExtractor WithStopWordsFile(string path) =>
        new(_tokenizer, Idf, _stopWords.Concat(Keywords.StopWords.ReadFile(path)));

    /// <summary>
    /// <c>jieba.analyse.extract_tags(text, topK, withWeight=True, allowPOS)</c>: words of the precise cut (HMM on) —
    /// or, when <paramref name="allowPos"/> is not empty, of the POS cut whose flag is listed — at least two code
    /// points long after trimming and not stop words, weighted <c>count * (idf / total)</c> (words missing from the
    /// IDF table get its median), heaviest first; ties keep first-occurrence order.
    /// </summary>
    /// <param name="text">The document.</param>
    /// <param name="topK">How many keywords; 0 = all.</param>
    /// <param name="allowPos">POS flags to keep (e.g. <c>ns, n, vn, v</c>); null or empty = no POS filter.</param>
    public IReadOnlyList<Keyword> ExtractTfIdf(string text, int topK = 20, IReadOnlyCollection<string>? allowPos = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(topK);
        IEnumerable<string> words;
        if (allowPos is { Count: > 0 })
        {
            var allowed = allowPos.ToHashSet(StringComparer.Ordinal);
            words = _tokenizer.CutWithPos(text).Where(t => allowed.Contains(t.Flag)).Select(t => t.Word);
        }
        else
        {
            words = _tokenizer.Cut(text);
        }
        return TfIdfScorer.Rank(words, Idf, _stopWords, topK);
    }

    /// <summary>
    /// <c>jieba.analyse.textrank(text, topK, withWeight=True, allowPOS)</c>: POS-cut words (HMM on) whose flag is in
    /// <paramref name="allowPos"/>, at least two code points long and not stop words, linked when they co-occur
    /// within 5 tokens, ranked by 10 TextRank sweeps with d = 0.85 and scaled so the best word has 1.0.
    /// </summary>
    /// <param name="text">The document.</param>
    /// <param name="topK">How many keywords; 0 = all.</param>
    /// <param name="allowPos">POS flags to keep; null = jieba's default <see cref="DefaultTextRankPos"/>
    /// (an empty collection keeps nothing, as in jieba).</param>
    public IReadOnlyList<Keyword> TextRank(string text, int topK = 20, IReadOnlyCollection<string>? allowPos = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(topK);
        var allowed = (allowPos ?? DefaultTextRankPos).ToHashSet(StringComparer.Ordinal);
        var tokens = _tokenizer.CutWithPos(text).Select(t => (t.Word, t.Flag)).ToList();
        return TextRankScorer.Rank(tokens, allowed, _stopWords, topK);
    }
}
