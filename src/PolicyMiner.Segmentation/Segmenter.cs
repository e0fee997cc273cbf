using System.Text;

namespace PolicyMiner.Segmentation;

/// <summary>The three <c>jieba.cut</c> modes.</summary>
internal enum CutMode
{
    PreciseHmm,
    PreciseNoHmm,
    All,
}

/// <summary>
/// <c>jieba.Tokenizer.cut</c> (SPEC §2.3, 2.6, 2.7, 2.9) over one <see cref="WordModel"/> snapshot, emitting UTF-16
/// ranges to a sink. Scratch arrays are per thread and reused, so a cut allocates only its output.
/// </summary>
internal static class Segmenter
{
    [ThreadStatic] private static double[]? t_score;
    [ThreadStatic] private static int[]? t_route;
    [ThreadStatic] private static int[]? t_ends;

    /// <summary>Cuts <paramref name="text"/> in <paramref name="mode"/>.</summary>
    public static void Cut<TSink>(string text, WordModel model, CutMode mode, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        int n = text.Length, i = 0;
        while (i < n)
        {
            int j = i;
            if (CharClass.IsHanDefault(text[i]))
            {
                while (j < n && CharClass.IsHanDefault(text[j])) { j++; }
                switch (mode)
                {
                    case CutMode.PreciseHmm: CutDag(text, i, j, model, ref sink); break;
                    case CutMode.PreciseNoHmm: CutDagNoHmm(text, i, j, model, ref sink); break;
                    default: CutAll(text, i, j, model, ref sink); break;
                }
            }
            else
            {
                while (j < n && !CharClass.IsHanDefault(text[j])) { j++; }
                SplitSkip(text, i, j, mode == CutMode.All, ref sink);
            }
            i = j;
        }
    }

    /// <summary>
    /// A non-block piece split by <c>(\r\n|\s)</c>: separators are tokens; in precise modes every other code point
    /// is a token (a surrogate pair stays whole — NOTE: jieba.NET splits it), in cut_all the pieces between
    /// separators are tokens, including the empty ones Python's <c>re.split</c> produces.
    /// </summary>
    internal static void SplitSkip<TSink>(string s, int start, int end, bool cutAll, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        int piece = start, i = start;
        while (i < end)
        {
            char c = s[i];
            int sep = c == '\r' && i + 1 < end && s[i + 1] == '\n' ? 2 : CharClass.IsSpace(c) ? 1 : 0;
            if (sep > 0)
            {
                if (cutAll) { sink.Add(piece, i); }
                sink.Add(i, i + sep);
                i += sep;
                piece = i;
            }
            else if (cutAll)
            {
                i++;
            }
            else
            {
                int w = char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
                sink.Add(i, i + w);
                i += w;
            }
        }
        if (cutAll) { sink.Add(piece, end); }
    }

    private static void ComputeRoute(string s, int start, int end, WordModel model, out int[] route)
    {
        int n = end - start;
        var score = t_score is { } sc && sc.Length > n ? sc : (t_score = new double[Math.Max(n + 1, 1024)]);
        route = t_route is { } r && r.Length >= n ? r : (t_route = new int[Math.Max(n, 1024)]);
        model.Route(s.AsSpan(start, n), score, route);
    }

    /// <summary><c>__cut_DAG</c>: route, single characters buffered, buffers of 2+ sent to the HMM.</summary>
    private static void CutDag<TSink>(string s, int start, int end, WordModel model, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        ComputeRoute(s, start, end, model, out var route);
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
                    FlushBuffer(s, start + buf, start + x, model, ref sink);
                    buf = -1;
                }
                sink.Add(start + x, start + y);
            }
            x = y;
        }
        if (buf >= 0) { FlushBuffer(s, start + buf, end, model, ref sink); }
    }

    private static void FlushBuffer<TSink>(string s, int a, int b, WordModel model, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        if (b - a == 1)
        {
            sink.Add(a, b);
        }
        else if (model.Freq(s.AsSpan(a, b - a)) <= 0)
        {
            // Not a word (missing or a freq-0 prefix key): let the HMM find new words.
            FinalSeg.Instance.Cut(s, a, b, model, ref sink);
        }
        else
        {
            // A real word the route chose to split: keep it split, one character each.
            for (int i = a; i < b; i++) { sink.Add(i, i + 1); }
        }
    }

    /// <summary><c>__cut_DAG_NO_HMM</c>: route; consecutive single ASCII letters/digits are joined.</summary>
    private static void CutDagNoHmm<TSink>(string s, int start, int end, WordModel model, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        ComputeRoute(s, start, end, model, out var route);
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
                    sink.Add(start + buf, start + x);
                    buf = -1;
                }
                sink.Add(start + x, start + y);
            }
            x = y;
        }
        if (buf >= 0) { sink.Add(start + buf, end); }
    }

    /// <summary>
    /// <c>__cut_all</c> of 0.42.1 (SPEC §2.9), quirks included: characters covered by an earlier word are not
    /// repeated, and words starting with an ASCII letter/digit are held in an "English buffer" that is emitted
    /// only when a non-alnum character is reached — possibly after later words (out of textual order).
    /// </summary>
    private static void CutAll<TSink>(string s, int start, int end, WordModel model, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        var block = s.AsSpan(start, end - start);
        int need = model.MaxKeyLength + 1;
        var ends = t_ends is { } e && e.Length >= need ? e : (t_ends = new int[Math.Max(need, 64)]);
        int oldJ = -1;
        bool engScan = false;
        int engStart = 0, engEnd = 0;      // the buffer while it is one contiguous range
        StringBuilder? engText = null;    // the buffer once it is not (words appended with a gap)
        for (int k = 0; k < block.Length; k++)
        {
            if (engScan && !CharClass.IsAsciiAlnum(block[k]))
            {
                engScan = false;
                EmitEnglish(start, engStart, engEnd, engText, ref sink);
                engText = null;
            }
            int count = model.Dag(block, k, ends);
            if (count == 1 && k > oldJ)
            {
                int wordEnd = ends[0] + 1;
                if (CharClass.IsAsciiAlnum(block[k]))
                {
                    if (!engScan)
                    {
                        engScan = true;
                        engStart = k;
                        engEnd = wordEnd;
                    }
                    else if (engText is null && k == engEnd)
                    {
                        engEnd = wordEnd;
                    }
                    else
                    {
                        engText ??= new StringBuilder().Append(block[engStart..engEnd]);
                        engText.Append(block[k..wordEnd]);
                    }
                }
                if (!engScan) { sink.Add(start + k, start + wordEnd); }
                oldJ = ends[0];
            }
            else
            {
                for (int t = 0; t < count; t++)
                {
                    int j = ends[t];
                    if (j > k)
                    {
                        sink.Add(start + k, start + j + 1);
                        oldJ = j;
                    }
                }
            }
        }
        if (engScan) { EmitEnglish(start, engStart, engEnd, engText, ref sink); }
    }

    private static void EmitEnglish<TSink>(int start, int a, int b, StringBuilder? text, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        if (text is null) { sink.Add(start + a, start + b); } else { sink.AddText(text.ToString()); }
    }
}
