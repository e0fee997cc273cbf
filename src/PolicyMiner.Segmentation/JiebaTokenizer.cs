namespace PolicyMiner.Segmentation;

/// <summary>
/// A jieba 0.42.1-exact Chinese word segmenter (Python <c>jieba.Tokenizer</c>; behaviour in
/// <c>../shared/jieba/SPEC.md</c>). Same words for the same input in every mode: precise with and without HMM,
/// full (<c>cut_all</c>), search, <c>tokenize</c> and POS tagging (<c>jieba.posseg</c>).
/// </summary>
/// <remarks>
/// Thread-safe: every call reads one immutable dictionary snapshot; <see cref="AddWord"/>,
/// <see cref="DeleteWord"/> and <see cref="LoadUserDictionary"/> publish a new snapshot (copy-on-write), so a
/// cut running concurrently sees the dictionary either before or after a change, never half of it.
/// NOTE: unlike Python, each tokenizer has its own deleted-word (force-split) set; Python shares one module-wide.
/// </remarks>
public sealed partial class JiebaTokenizer
{
    /// <summary>The embedded dictionary's compact form (generated from dict.txt, see <c>DictionaryBinaryTests</c>).</summary>
    internal const string EmbeddedDictionaryFile = "dict.bin.gz";

    private static readonly Lazy<JiebaTokenizer> LazyDefault =
        new(() => new JiebaTokenizer(LoadEmbeddedTrie()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Lock _writeLock = new();
    private volatile WordModel _model;

    private JiebaTokenizer(PrefixTrie trie)
    {
        _model = new WordModel(trie);
    }

    /// <summary>
    /// The tokenizer over the embedded jieba 0.42.1 dictionary (dict.txt, 349,046 words), loaded once, lazily,
    /// thread-safely. Words added to it are seen by every user of <see cref="Default"/> (as with Python's
    /// <c>jieba.dt</c>); create your own with <see cref="Create"/> to keep additions private.
    /// </summary>
    public static JiebaTokenizer Default => LazyDefault.Value;

    /// <summary>A new tokenizer over the embedded dictionary (shares the loaded base dictionary, not additions).</summary>
    public static JiebaTokenizer Create() => new(Default.Model.Trie);

    /// <summary>
    /// A tokenizer over a main dictionary file instead of the embedded one (<c>python -m jieba -D</c>):
    /// UTF-8 lines <c>word freq [tag]</c> separated by single spaces.
    /// </summary>
    /// <exception cref="DictionaryFormatException">A line is malformed (message names file and line).</exception>
    public static JiebaTokenizer FromDictionary(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DictionaryFormatException(path, 0, $"cannot read the dictionary: {e.Message}");
        }
        return new JiebaTokenizer(DictionaryText.ParseMain(data, path));
    }

    internal static PrefixTrie LoadEmbeddedTrie()
    {
        using var stream = EmbeddedData.Open(EmbeddedDictionaryFile);
        using var buffered = new BufferedStream(stream, 1 << 16);
        return PrefixTrie.Read(buffered);
    }

    /// <summary>The current dictionary snapshot.</summary>
    internal WordModel Model => _model;

    /// <summary>Total frequency (jieba's <c>total</c>); grows with every <see cref="AddWord"/>.</summary>
    public long TotalFrequency => _model.Total;

    /// <summary>
    /// <c>FREQ.get(word)</c>: the word's frequency, 0 when it is only a prefix of a word (or deleted), null when
    /// the dictionary does not know it.
    /// </summary>
    public long? GetFrequency(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        long f = _model.Freq(word);
        return f < 0 ? null : f;
    }

    /// <summary><c>jieba.lcut(text, HMM=hmm)</c>: precise mode (the concatenation of the tokens is the text).</summary>
    public IReadOnlyList<string> Cut(string text, bool hmm = true) =>
        Run(text, hmm ? CutMode.PreciseHmm : CutMode.PreciseNoHmm);

    /// <summary>
    /// <c>jieba.lcut(text, cut_all=True)</c>: full mode, every dictionary word found. Reproduces jieba's quirks:
    /// empty-string tokens around whitespace, and words starting with an ASCII letter/digit emitted late.
    /// </summary>
    public IReadOnlyList<string> CutAll(string text) => Run(text, CutMode.All);

    /// <summary><c>jieba.lcut_for_search</c>: precise tokens preceded by their dictionary 2- and 3-grams.</summary>
    public IReadOnlyList<string> CutForSearch(string text, bool hmm = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var model = _model;
        var words = new List<string>(text.Length / 2 + 4);
        var sink = new SearchSink<StringSink>(text, model, new StringSink(text, words));
        Segmenter.Cut(text, model, hmm ? CutMode.PreciseHmm : CutMode.PreciseNoHmm, ref sink);
        return words;
    }

    /// <summary>
    /// <c>jieba.tokenize</c>: tokens with offsets. Offsets are UTF-16 code units (C# string indices), End exclusive.
    /// </summary>
    /// <remarks>NOTE: Python counts code points; both agree unless the text has characters outside the BMP.</remarks>
    public IReadOnlyList<Token> Tokenize(string text, TokenizeMode mode = TokenizeMode.Default, bool hmm = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var model = _model;
        var tokens = new List<Token>(text.Length / 2 + 4);
        var cutMode = hmm ? CutMode.PreciseHmm : CutMode.PreciseNoHmm;
        if (mode == TokenizeMode.Search)
        {
            var sink = new SearchSink<OffsetSink>(text, model, new OffsetSink(text, tokens));
            Segmenter.Cut(text, model, cutMode, ref sink);
        }
        else
        {
            var sink = new OffsetSink(text, tokens);
            Segmenter.Cut(text, model, cutMode, ref sink);
        }
        return tokens;
    }

    private List<string> Run(string text, CutMode mode)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>(text.Length / 2 + 4);
        var sink = new StringSink(text, words);
        Segmenter.Cut(text, _model, mode, ref sink);
        return words;
    }
}
