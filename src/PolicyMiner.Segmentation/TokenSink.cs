namespace PolicyMiner.Segmentation;

/// <summary>Receives tokens as UTF-16 ranges of the input text (the hot path allocates nothing else).</summary>
internal interface ITokenSink
{
    /// <summary>A token = text[start..end) (end exclusive; start == end is jieba's empty cut_all token).</summary>
    void Add(int start, int end);

    /// <summary>A token that is not one contiguous range (only cut_all's late English buffer can produce it).</summary>
    void AddText(string word);
}

/// <summary>Collects tokens as strings (jieba.lcut).</summary>
internal struct StringSink(string text, List<string> words) : ITokenSink
{
    public readonly void Add(int start, int end) => words.Add(text.Substring(start, end - start));

    public readonly void AddText(string word) => words.Add(word);
}

/// <summary>Collects tokens with their UTF-16 offsets (jieba.tokenize).</summary>
internal struct OffsetSink(string text, List<Token> tokens) : ITokenSink
{
    public readonly void Add(int start, int end) => tokens.Add(new Token(text.Substring(start, end - start), start, end));

    public readonly void AddText(string word) =>
        throw new InvalidOperationException("tokens without offsets cannot be produced in precise or search mode");
}

/// <summary>
/// Search mode (<c>cut_for_search</c>, SPEC §2.10): before each precise token longer than 2 characters, its
/// dictionary 2-grams, then (longer than 3) its dictionary 3-grams, left to right.
/// </summary>
internal struct SearchSink<TInner>(string text, WordModel model, TInner inner) : ITokenSink
    where TInner : struct, ITokenSink
{
    private TInner _inner = inner;

    public TInner Inner => _inner;

    public void Add(int start, int end)
    {
        int len = end - start;
        if (len > 2)
        {
            for (int i = start; i + 2 <= end; i++)
            {
                if (model.Freq(text.AsSpan(i, 2)) > 0) { _inner.Add(i, i + 2); }
            }
        }
        if (len > 3)
        {
            for (int i = start; i + 3 <= end; i++)
            {
                if (model.Freq(text.AsSpan(i, 3)) > 0) { _inner.Add(i, i + 3); }
            }
        }
        _inner.Add(start, end);
    }

    public void AddText(string word) => _inner.AddText(word);
}
