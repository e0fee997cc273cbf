namespace PolicyMiner.Segmentation;

public sealed partial class JiebaTokenizer
{
    /// <summary>
    /// <c>add_word</c>: adds or updates a word. <paramref name="freq"/> null → <see cref="SuggestFrequency(string, bool)"/>;
    /// 0 deletes the word (see <see cref="DeleteWord"/>). <paramref name="tag"/> is its POS flag for
    /// POS tagging.
    /// </summary>
    /// <remarks>As in Python, the total frequency grows by <paramref name="freq"/> even when the word existed.</remarks>
    public void AddWord(string word, int? freq = null, string? tag = null)
    {
        ValidateWord(word);
        if (freq < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(freq), freq, "a word frequency cannot be negative");
        }
        lock (_writeLock)
        {
            long f = freq ?? SuggestFor(_model, word);
            _model = _model.With([(word, f, tag)]);
        }
    }

    /// <summary><c>del_word</c>: <c>AddWord(word, 0)</c> — the word is never produced whole again.</summary>
    public void DeleteWord(string word) => AddWord(word, 0);

    /// <summary>
    /// <c>suggest_freq(word)</c>: the frequency that makes <paramref name="word"/> come out whole
    /// (max(int(P(pieces)·total) + 1, FREQ.get(word, 1))). With <paramref name="tune"/> it is also added.
    /// </summary>
    public long SuggestFrequency(string word, bool tune = false)
    {
        ValidateWord(word);
        lock (_writeLock)
        {
            var model = _model;
            long result = SuggestFor(model, word);
            if (tune)
            {
                _model = model.With([(word, result, null)]);
            }
            return result;
        }
    }

    /// <summary>
    /// <c>suggest_freq(tuple_of_segments)</c>: the frequency that makes the joined word split into
    /// <paramref name="segments"/> (min(int(P(segments)·total), FREQ.get(word, 0))). With <paramref name="tune"/> it is
    /// also set.
    /// </summary>
    public long SuggestFrequency(IReadOnlyList<string> segments, bool tune = false)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var word = string.Concat(segments);
        ValidateWord(word);
        lock (_writeLock)
        {
            var model = _model;
            double ftotal = model.Total;
            double p = 1.0;
            foreach (var piece in segments)
            {
                p *= FreqOr(model, piece, 1) / ftotal;
            }
            long result = Math.Min((long)(p * model.Total), FreqOr(model, word, 0));
            if (tune)
            {
                _model = model.With([(word, result, null)]);
            }
            return result;
        }
    }

    /// <summary>
    /// <c>load_userdict</c>: one word per line, <c>word [freq] [tag]</c> (jieba's <c>^(.+?)( [0-9]+)?( [a-z]+)?$</c>).
    /// UTF-8 with or without BOM, or GB18030; CRLF line ends fine. All lines are applied at once, or none.
    /// </summary>
    /// <exception cref="DictionaryFormatException">The file cannot be read or a line is invalid (names file and line).</exception>
    public void LoadUserDictionary(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var entries = UserDictionary.Read(path);
        lock (_writeLock)
        {
            // Apply in order: a line without a frequency is suggested against the words added before it.
            var model = _model;
            var pending = new List<(string, long, string?)>();
            foreach (var (word, freq, tag) in entries)
            {
                if (freq is null && pending.Count > 0)
                {
                    model = model.With(pending);
                    pending.Clear();
                }
                pending.Add((word, freq ?? SuggestFor(model, word), tag));
            }
            _model = pending.Count > 0 ? model.With(pending) : model;
        }
    }

    private static long SuggestFor(WordModel model, string word)
    {
        double ftotal = model.Total;
        double p = 1.0;
        var pieces = new List<string>();
        var sink = new StringSink(word, pieces);
        Segmenter.Cut(word, model, CutMode.PreciseNoHmm, ref sink);
        foreach (var piece in pieces)
        {
            p *= FreqOr(model, piece, 1) / ftotal;
        }
        return Math.Max((long)(p * model.Total) + 1, FreqOr(model, word, 1));
    }

    // FREQ.get(key, fallback): a freq-0 prefix key gives 0, not the fallback (SPEC §2.11).
    private static long FreqOr(WordModel model, string key, long fallback)
    {
        long f = model.Freq(key);
        return f < 0 ? fallback : f;
    }

    private static void ValidateWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length == 0)
        {
            throw new ArgumentException("a dictionary word cannot be empty", nameof(word));
        }
    }
}
