using System.Globalization;

namespace PolicyMiner.Segmentation;

/// <summary>
/// jieba's <c>finalseg</c>: the BMES hidden Markov model that cuts runs of characters the dictionary route left
/// as single characters (SPEC §2.7–2.8). Tables are the full-precision doubles of jieba 0.42.1's
/// <c>finalseg/prob_*.py</c> (models/jieba/finalseg_prob_*.tsv.gz).
/// </summary>
internal sealed class FinalSeg
{
    /// <summary>jieba's MIN_FLOAT, used for missing emissions/transitions.</summary>
    public const double MinFloat = -3.14e100;

    // States in Python's letter order, so "larger index" = "larger letter" for tuple tie-breaks.
    private const int B = 0, E = 1, M = 2, S = 3;
    private const int HanCount = CharClass.HanLast - CharClass.HanFirst + 1;

    private readonly double[] _start = new double[4];
    private readonly double[] _trans = new double[16];   // [from * 4 + to]
    private readonly double[] _emit = new double[4 * HanCount]; // [state * HanCount + (c - U+4E00)]

    private static readonly Lazy<FinalSeg> LazyInstance = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    [ThreadStatic] private static byte[]? t_back;

    /// <summary>The embedded jieba 0.42.1 model (loaded on first use, thread-safe).</summary>
    public static FinalSeg Instance => LazyInstance.Value;

    private FinalSeg()
    {
        Array.Fill(_trans, MinFloat);
        Array.Fill(_emit, MinFloat);
    }

    private static FinalSeg Load()
    {
        var m = new FinalSeg();
        foreach (var f in Rows("finalseg_prob_start.tsv.gz"))
        {
            m._start[State(f[0])] = Parse(f[1]);
        }
        foreach (var f in Rows("finalseg_prob_trans.tsv.gz"))
        {
            m._trans[(State(f[0]) * 4) + State(f[1])] = Parse(f[2]);
        }
        foreach (var f in Rows("finalseg_prob_emit.tsv.gz"))
        {
            char c = f[1][0];
            // Only [\u4E00-\u9FD5] runs ever reach the Viterbi, so other characters' rows can never be read.
            if (f[1].Length == 1 && CharClass.IsHan(c))
            {
                m._emit[(State(f[0]) * HanCount) + (c - CharClass.HanFirst)] = Parse(f[2]);
            }
        }
        return m;
    }

    internal static IEnumerable<string[]> Rows(string file)
    {
        using var reader = EmbeddedData.OpenText(file);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#') { continue; }
            yield return line.Split('\t');
        }
    }

    internal static double Parse(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int State(string s) => s switch
    {
        "B" => B,
        "E" => E,
        "M" => M,
        "S" => S,
        _ => throw new InvalidDataException($"unknown HMM state '{s}' in embedded finalseg tables"),
    };

    /// <summary>
    /// <c>finalseg.cut</c> on text[start..end): Han runs through the Viterbi (deleted words re-split), other runs
    /// split by <c>([a-zA-Z0-9]+(?:\.\d+)?%?)</c> with every non-empty piece emitted as is.
    /// </summary>
    public void Cut<TSink>(string text, int start, int end, WordModel model, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        int i = start;
        while (i < end)
        {
            int j = i;
            if (CharClass.IsHan(text[i]))
            {
                while (j < end && CharClass.IsHan(text[j])) { j++; }
                Viterbi(text, i, j, model, ref sink);
            }
            else
            {
                while (j < end && !CharClass.IsHan(text[j])) { j++; }
                SplitNonHan(text, i, j, ref sink);
            }
            i = j;
        }
    }

    /// <summary><c>re_skip = ([a-zA-Z0-9]+(?:\.\d+)?%?)</c> split, keeping gaps whole.</summary>
    private static void SplitNonHan<TSink>(string s, int start, int end, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        int gap = start, i = start;
        while (i < end)
        {
            if (!CharClass.IsAsciiAlnum(s[i])) { i++; continue; }
            int j = i;
            while (j < end && CharClass.IsAsciiAlnum(s[j])) { j++; }
            if (j + 1 < end && s[j] == '.' && CharClass.IsAsciiDigit(s[j + 1]))
            {
                j += 2;
                while (j < end && CharClass.IsAsciiDigit(s[j])) { j++; }
            }
            if (j < end && s[j] == '%') { j++; }
            if (gap < i) { sink.Add(gap, i); }
            sink.Add(i, j);
            gap = i = j;
        }
        if (gap < end) { sink.Add(gap, end); }
    }

    private void Viterbi<TSink>(string s, int start, int end, WordModel model, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        int n = end - start;
        var back = t_back is { } tb && tb.Length >= n * 4 ? tb : (t_back = new byte[Math.Max(n * 4, 256)]);
        var emit = _emit;
        var tr = _trans;
        int c0 = s[start] - CharClass.HanFirst;
        double vb = _start[B] + emit[(B * HanCount) + c0];
        double ve = _start[E] + emit[(E * HanCount) + c0];
        double vm = _start[M] + emit[(M * HanCount) + c0];
        double vs = _start[S] + emit[(S * HanCount) + c0];
        for (int t = 1; t < n; t++)
        {
            int c = s[start + t] - CharClass.HanFirst;
            // max over (score, state) tuples: on an exact tie the larger state letter wins (S > M > E > B).
            // B ← {E, S}
            double em = emit[(B * HanCount) + c];
            double x1 = (ve + tr[(E * 4) + B]) + em, x2 = (vs + tr[(S * 4) + B]) + em;
            double nb; byte pb;
            if (x2 >= x1) { nb = x2; pb = S; } else { nb = x1; pb = E; }
            // M ← {M, B}
            em = emit[(M * HanCount) + c];
            x1 = (vb + tr[(B * 4) + M]) + em; x2 = (vm + tr[(M * 4) + M]) + em;
            double nm; byte pm;
            if (x2 >= x1) { nm = x2; pm = M; } else { nm = x1; pm = B; }
            // S ← {S, E}
            em = emit[(S * HanCount) + c];
            x1 = (ve + tr[(E * 4) + S]) + em; x2 = (vs + tr[(S * 4) + S]) + em;
            double ns; byte ps;
            if (x2 >= x1) { ns = x2; ps = S; } else { ns = x1; ps = E; }
            // E ← {B, M}
            em = emit[(E * HanCount) + c];
            x1 = (vb + tr[(B * 4) + E]) + em; x2 = (vm + tr[(M * 4) + E]) + em;
            double ne; byte pe;
            if (x2 >= x1) { ne = x2; pe = M; } else { ne = x1; pe = B; }
            int o = t * 4;
            back[o + B] = pb; back[o + E] = pe; back[o + M] = pm; back[o + S] = ps;
            vb = nb; ve = ne; vm = nm; vs = ns;
        }
        int state = vs >= ve ? S : E;
        // Backtrack into the state sequence (reuse back[t * 4] slot 0.. as the path, walking right to left).
        Span<byte> path = n <= 1024 ? stackalloc byte[n] : new byte[n];
        for (int t = n - 1; t >= 0; t--)
        {
            path[t] = (byte)state;
            if (t > 0) { state = back[(t * 4) + state]; }
        }
        int begin = 0, next = 0;
        for (int t = 0; t < n; t++)
        {
            switch (path[t])
            {
                case B:
                    begin = t;
                    break;
                case E:
                    EmitHmmWord(s, start + begin, start + t + 1, model, ref sink);
                    next = t + 1;
                    break;
                case S:
                    EmitHmmWord(s, start + t, start + t + 1, model, ref sink);
                    next = t + 1;
                    break;
            }
        }
        if (next < n) { EmitHmmWord(s, start + next, end, model, ref sink); }
    }

    private static void EmitHmmWord<TSink>(string s, int a, int b, WordModel model, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        if (b - a > 1 && model.IsForceSplit(s.AsSpan(a, b - a)))
        {
            for (int i = a; i < b; i++) { sink.Add(i, i + 1); }
            return;
        }
        sink.Add(a, b);
    }
}
