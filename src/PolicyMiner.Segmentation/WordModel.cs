using System.Runtime.CompilerServices;

namespace PolicyMiner.Segmentation;

/// <summary>
/// One immutable snapshot of jieba's dictionary state: the shared base <see cref="PrefixTrie"/> plus the words
/// added at run time (user dictionaries, AddWord/DeleteWord) as a small overlay. A cut reads one snapshot from
/// start to end; writers publish a new snapshot (copy-on-write), so concurrent cuts never see a half-made change.
/// </summary>
internal sealed class WordModel
{
    private readonly Dictionary<string, long>? _overlay;
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _overlaySpan;
    private readonly bool[]? _overlayFirst; // first characters of overlay keys (skip lookups for all others)

    /// <summary>The base model, no additions.</summary>
    public WordModel(PrefixTrie trie)
        : this(trie, null, trie.Total, null, null)
    {
    }

    private WordModel(PrefixTrie trie, Dictionary<string, long>? overlay, long total,
        Dictionary<string, string>? userTags, HashSet<string>? forceSplit)
    {
        Trie = trie;
        _overlay = overlay is { Count: > 0 } ? overlay : null;
        Total = total;
        LogTotal = Math.Log(total);
        UserTags = userTags;
        ForceSplit = forceSplit is { Count: > 0 } ? forceSplit : null;
        MaxKeyLength = trie.MaxKeyLength;
        if (_overlay is not null)
        {
            _overlaySpan = _overlay.GetAlternateLookup<ReadOnlySpan<char>>();
            _overlayFirst = new bool[65536];
            foreach (var key in _overlay.Keys)
            {
                _overlayFirst[key[0]] = true;
                MaxKeyLength = Math.Max(MaxKeyLength, key.Length);
            }
        }
    }

    /// <summary>The shared base dictionary.</summary>
    public PrefixTrie Trie { get; }

    /// <summary>jieba's <c>total</c> (sum of all frequencies ever added).</summary>
    public long Total { get; }

    /// <summary>ln(total).</summary>
    public double LogTotal { get; }

    /// <summary>Longest key in UTF-16 units (bounds a DAG list).</summary>
    public int MaxKeyLength { get; }

    /// <summary>Tags given to AddWord / user dictionaries (override the dictionary's tags in posseg).</summary>
    public Dictionary<string, string>? UserTags { get; }

    /// <summary>Words deleted (added with frequency 0): the HMM never outputs them whole.</summary>
    public HashSet<string>? ForceSplit { get; }

    /// <summary>True when words were added at run time (slower DAG path).</summary>
    public bool HasOverlay => _overlay is not null;

    /// <summary>FREQ.get(key): the frequency, 0 for a prefix-only key, −1 when it is not a key.</summary>
    public long Freq(ReadOnlySpan<char> key)
    {
        if (_overlay is not null && !key.IsEmpty && _overlayFirst![key[0]] && _overlaySpan.TryGetValue(key, out var f))
        {
            return f;
        }
        int node = Trie.Find(key);
        return node < 0 ? -1 : Trie.Freq(node);
    }

    /// <summary>The POS tag posseg gives a word: user tag, else the dictionary's, else null (→ "x").</summary>
    public string? Tag(string word)
    {
        if (UserTags is not null && UserTags.TryGetValue(word, out var tag))
        {
            return tag;
        }
        int node = Trie.Find(word);
        return node < 0 ? null : Trie.Tag(node);
    }

    /// <summary>
    /// DAG[k] (SPEC §2.4): the ends (inclusive, ascending) of all keys with FREQ &gt; 0 starting at
    /// <paramref name="k"/>, or just k. Returns how many were written to <paramref name="ends"/>, which must hold
    /// at least <see cref="MaxKeyLength"/> + 1 entries.
    /// </summary>
    public int Dag(ReadOnlySpan<char> s, int k, Span<int> ends)
    {
        int count = 0;
        if (_overlay is null)
        {
            int node = Trie.Root(s[k]);
            for (int i = k; node >= 0;)
            {
                if (Trie.Freq(node) > 0) { ends[count++] = i; }
                if (++i >= s.Length) { break; }
                node = Trie.Child(node, s[i]);
            }
        }
        else
        {
            for (int i = k; i < s.Length; i++)
            {
                long f = Freq(s[k..(i + 1)]);
                if (f < 0) { break; }
                if (f > 0) { ends[count++] = i; }
            }
        }
        if (count == 0) { ends[count++] = k; }
        return count;
    }

    /// <summary>
    /// jieba's <c>calc</c> (SPEC §2.5): the max-probability route over the block <paramref name="s"/>. Fills
    /// <paramref name="routeEnd"/>[i] (the inclusive end of the word starting at i) for i in [0, N).
    /// <paramref name="score"/> needs N + 1 entries.
    /// </summary>
    public void Route(ReadOnlySpan<char> s, Span<double> score, Span<int> routeEnd)
    {
        int n = s.Length;
        double logTotal = LogTotal;
        score[n] = 0.0;
        if (_overlay is null)
        {
            var trie = Trie;
            for (int idx = n - 1; idx >= 0; idx--)
            {
                // Candidates come in ascending end order; `>=` keeps the later (longer) word on an exact tie,
                // which is what Python's max over (score, x) tuples does (SPEC §2.5, gold line 17861).
                double best = double.NegativeInfinity;
                int bestEnd = -1;
                int node = trie.Root(s[idx]);
                for (int i = idx; node >= 0;)
                {
                    if (trie.Freq(node) > 0)
                    {
                        double sc = (trie.LogFreq(node) - logTotal) + score[i + 1];
                        if (sc >= best) { best = sc; bestEnd = i; }
                    }
                    if (++i >= n) { break; }
                    node = trie.Child(node, s[i]);
                }
                if (bestEnd < 0)
                {
                    // DAG[idx] = [idx] and FREQ of that single char is missing or 0: `or 1` → ln(1) = 0.
                    best = (0.0 - logTotal) + score[idx + 1];
                    bestEnd = idx;
                }
                score[idx] = best;
                routeEnd[idx] = bestEnd;
            }
            return;
        }
        Span<int> ends = MaxKeyLength + 1 <= 256 ? stackalloc int[256] : new int[MaxKeyLength + 1];
        for (int idx = n - 1; idx >= 0; idx--)
        {
            int count = Dag(s, idx, ends);
            double best = double.NegativeInfinity;
            int bestEnd = -1;
            for (int e = 0; e < count; e++)
            {
                int x = ends[e];
                long f = Freq(s[idx..(x + 1)]);
                double lf = f > 0 ? Math.Log(f) : 0.0;
                double sc = (lf - logTotal) + score[x + 1];
                if (sc >= best) { best = sc; bestEnd = x; }
            }
            score[idx] = best;
            routeEnd[idx] = bestEnd;
        }
    }

    /// <summary>
    /// A new snapshot with <paramref name="edits"/> applied in order (jieba's add_word semantics, SPEC §2.11:
    /// FREQ[word] = freq, total += freq without subtracting an old value, missing prefixes added with 0,
    /// freq 0 → force-split).
    /// </summary>
    public WordModel With(IEnumerable<(string Word, long Freq, string? Tag)> edits)
    {
        var overlay = _overlay is null ? new Dictionary<string, long>(StringComparer.Ordinal) : new Dictionary<string, long>(_overlay, StringComparer.Ordinal);
        var tags = UserTags is null ? null : new Dictionary<string, string>(UserTags, StringComparer.Ordinal);
        var force = ForceSplit is null ? null : new HashSet<string>(ForceSplit, StringComparer.Ordinal);
        long total = Total;
        foreach (var (word, freq, tag) in edits)
        {
            overlay[word] = freq;
            total += freq;
            if (!string.IsNullOrEmpty(tag))
            {
                (tags ??= new Dictionary<string, string>(StringComparer.Ordinal))[word] = tag;
            }
            for (int i = 1; i < word.Length; i++)
            {
                var prefix = word[..i];
                if (!overlay.ContainsKey(prefix) && Trie.Find(prefix) < 0)
                {
                    overlay[prefix] = 0;
                }
            }
            if (freq == 0)
            {
                (force ??= new HashSet<string>(StringComparer.Ordinal)).Add(word);
            }
        }
        return new WordModel(Trie, overlay, total, tags, force);
    }

    /// <summary>Is <paramref name="word"/> a deleted (force-split) word?</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsForceSplit(ReadOnlySpan<char> word) =>
        ForceSplit is not null && ForceSplit.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);
}
