namespace PolicyMiner.Segmentation;

public sealed partial class JiebaTokenizer
{
    /// <summary>
    /// <c>jieba.posseg.lcut(text, HMM=hmm)</c>: words with part-of-speech flags. posseg segments on its own
    /// (no <c>%</c>/<c>-</c> in blocks, its own joint HMM for unknown words), so its words can differ from
    /// <see cref="Cut"/>'s. Flags come from the dictionary (and AddWord tags), the HMM, or: <c>x</c> for
    /// punctuation/whitespace/unknown, <c>m</c> numbers, <c>eng</c> Latin words.
    /// </summary>
    public IReadOnlyList<WordTag> CutWithPos(string text, bool hmm = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var model = _model;
        var result = new List<WordTag>(text.Length / 2 + 4);
        int n = text.Length, i = 0;
        while (i < n)
        {
            int j = i;
            if (CharClass.IsHanInternal(text[i]))
            {
                while (j < n && CharClass.IsHanInternal(text[j])) { j++; }
                if (hmm) { PosCutDag(text, i, j, model, result); } else { PosCutDagNoHmm(text, i, j, model, result); }
            }
            else
            {
                while (j < n && !CharClass.IsHanInternal(text[j])) { j++; }
                // Outside blocks there is no ASCII letter, digit or '.', so re_num/re_eng never match: all "x".
                var sink = new PosSink(text, result, "x");
                Segmenter.SplitSkip(text, i, j, cutAll: false, ref sink);
            }
            i = j;
        }
        return result;
    }

    private static string TagOf(WordModel model, string word) => model.Tag(word) ?? "x";

    private static void AddTagged(string s, int a, int b, WordModel model, List<WordTag> result)
    {
        var word = s.Substring(a, b - a);
        result.Add(new WordTag(word, TagOf(model, word)));
    }

    /// <summary>posseg <c>__cut_DAG</c>.</summary>
    private static void PosCutDag(string s, int start, int end, WordModel model, List<WordTag> result)
    {
        var route = Segmenter.ComputeRoute(s, start, end, model);
        int n = end - start, x = 0, buf = -1;
        while (x < n)
        {
            int y = route[x] + 1;
            if (y - x == 1)
            {
                if (buf < 0) { buf = x; }
            }
            else
            {
                if (buf >= 0)
                {
                    PosFlush(s, start + buf, start + x, model, result);
                    buf = -1;
                }
                AddTagged(s, start + x, start + y, model, result);
            }
            x = y;
        }
        if (buf >= 0) { PosFlush(s, start + buf, end, model, result); }
    }

    private static void PosFlush(string s, int a, int b, WordModel model, List<WordTag> result)
    {
        if (b - a == 1)
        {
            AddTagged(s, a, b, model, result);
        }
        else if (model.Freq(s.AsSpan(a, b - a)) <= 0)
        {
            PosCutDetail(s, a, b, result);
        }
        else
        {
            for (int i = a; i < b; i++) { AddTagged(s, i, i + 1, model, result); }
        }
    }

    /// <summary>
    /// posseg <c>__cut_detail</c>: Han runs through the joint HMM; others split by <c>([\.0-9]+|[a-zA-Z0-9]+)</c>,
    /// numbers → m, Latin → eng, the rest → x. (Deleted words are not re-split here, as in Python.)
    /// </summary>
    private static void PosCutDetail(string s, int start, int end, List<WordTag> result)
    {
        int i = start;
        while (i < end)
        {
            int j = i;
            if (CharClass.IsHan(s[i]))
            {
                while (j < end && CharClass.IsHan(s[j])) { j++; }
                PosViterbi(s, i, j, result);
            }
            else
            {
                while (j < end && !CharClass.IsHan(s[j])) { j++; }
                PosSplitDetail(s, i, j, result);
            }
            i = j;
        }
    }

    private static void PosSplitDetail(string s, int start, int end, List<WordTag> result)
    {
        int gap = start, i = start;
        while (i < end)
        {
            char c = s[i];
            int j = i;
            string flag;
            if (c == '.' || CharClass.IsAsciiDigit(c))
            {
                while (j < end && (s[j] == '.' || CharClass.IsAsciiDigit(s[j]))) { j++; }
                flag = "m";
            }
            else if (CharClass.IsAsciiAlnum(c))
            {
                while (j < end && CharClass.IsAsciiAlnum(s[j])) { j++; }
                flag = "eng";
            }
            else
            {
                i++;
                continue;
            }
            if (gap < i) { result.Add(new WordTag(s[gap..i], "x")); }
            result.Add(new WordTag(s[i..j], flag));
            gap = i = j;
        }
        if (gap < end) { result.Add(new WordTag(s[gap..end], "x")); }
    }

    private static void PosViterbi(string s, int start, int end, List<WordTag> result)
    {
        var hmm = PossegHmm.Instance;
        var route = hmm.Decode(s, start, end);
        int n = end - start, begin = 0, next = 0;
        for (int t = 0; t < n; t++)
        {
            switch (hmm.Letter(route[t]))
            {
                case 'B':
                    begin = t;
                    break;
                case 'E':
                    result.Add(new WordTag(s.Substring(start + begin, t + 1 - begin), hmm.Tag(route[t])));
                    next = t + 1;
                    break;
                case 'S':
                    result.Add(new WordTag(s.Substring(start + t, 1), hmm.Tag(route[t])));
                    next = t + 1;
                    break;
            }
        }
        if (next < n) { result.Add(new WordTag(s[(start + next)..end], hmm.Tag(route[next]))); }
    }

    /// <summary>posseg <c>__cut_DAG_NO_HMM</c>: single ASCII letters/digits are joined and flagged eng.</summary>
    private static void PosCutDagNoHmm(string s, int start, int end, WordModel model, List<WordTag> result)
    {
        var route = Segmenter.ComputeRoute(s, start, end, model);
        int n = end - start, x = 0, buf = -1;
        while (x < n)
        {
            int y = route[x] + 1;
            if (y - x == 1 && CharClass.IsAsciiAlnum(s[start + x]))
            {
                if (buf < 0) { buf = x; }
            }
            else
            {
                if (buf >= 0)
                {
                    result.Add(new WordTag(s.Substring(start + buf, x - buf), "eng"));
                    buf = -1;
                }
                AddTagged(s, start + x, start + y, model, result);
            }
            x = y;
        }
        if (buf >= 0) { result.Add(new WordTag(s[(start + buf)..end], "eng")); }
    }

    /// <summary>Tags every token of a non-block piece with a fixed flag.</summary>
    private readonly struct PosSink(string text, List<WordTag> result, string flag) : ITokenSink
    {
        public void Add(int start, int end) => result.Add(new WordTag(text.Substring(start, end - start), flag));

        public void AddText(string word) => result.Add(new WordTag(word, flag));
    }
}
