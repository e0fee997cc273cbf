namespace PolicyMiner.Segmentation;

/// <summary>
/// <c>jieba.posseg</c>'s joint HMM over 256 (BMES × tag) states (SPEC §2.12), with the full-precision tables of
/// jieba 0.42.1 (models/jieba/posseg_*.tsv.gz). Candidate states per character come from <c>char_state_tab</c>.
/// </summary>
internal sealed class PossegHmm
{
    private const double MinFloat = FinalSeg.MinFloat;

    private readonly int _count;
    private readonly char[] _letter;        // B/E/M/S of each state
    private readonly string[] _tag;         // tag of each state
    private readonly int[] _rank;           // order of (letter, tag) tuples: Python's tie-break (larger wins)
    private readonly double[] _start;
    private readonly double[] _trans;       // [from * count + to], −inf when missing
    private readonly int[][] _next;         // states reachable from each state (trans_p[x].keys())
    private readonly Dictionary<int, double> _emit = [];      // (char << 8 | state) → log prob
    private readonly Dictionary<char, int[]> _charStates = []; // char_state_tab
    private readonly int[] _allStates;

    private static readonly Lazy<PossegHmm> LazyInstance = new(() => new PossegHmm(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The embedded model (loaded on first POS call, thread-safe).</summary>
    public static PossegHmm Instance => LazyInstance.Value;

    private PossegHmm()
    {
        var index = new Dictionary<(string, string), int>();
        var letters = new List<char>();
        var tags = new List<string>();
        foreach (var f in FinalSeg.Rows("posseg_prob_trans_keys.tsv.gz"))
        {
            index[(f[0], f[1])] = letters.Count;
            letters.Add(f[0][0]);
            tags.Add(f[1]);
        }
        _count = letters.Count;
        if (_count > 256) { throw new InvalidDataException("posseg tables have more than 256 states"); }
        _letter = [.. letters];
        _tag = [.. tags];
        _allStates = [.. Enumerable.Range(0, _count)];
        var order = _allStates.OrderBy(i => _letter[i]).ThenBy(i => _tag[i], StringComparer.Ordinal).ToArray();
        _rank = new int[_count];
        for (int r = 0; r < order.Length; r++) { _rank[order[r]] = r; }

        int State(string letter, string tag) => index.TryGetValue((letter, tag), out var s) ? s
            : throw new InvalidDataException($"posseg tables: unknown state ({letter}, {tag})");

        _start = new double[_count];
        Array.Fill(_start, MinFloat);
        foreach (var f in FinalSeg.Rows("posseg_prob_start.tsv.gz"))
        {
            _start[State(f[0], f[1])] = FinalSeg.Parse(f[2]);
        }
        _trans = new double[_count * _count];
        Array.Fill(_trans, double.NegativeInfinity);
        var next = new List<int>[_count];
        for (int i = 0; i < _count; i++) { next[i] = []; }
        foreach (var f in FinalSeg.Rows("posseg_prob_trans.tsv.gz"))
        {
            int from = State(f[0], f[1]), to = State(f[2], f[3]);
            _trans[(from * _count) + to] = FinalSeg.Parse(f[4]);
            next[from].Add(to);
        }
        _next = [.. next.Select(l => l.ToArray())];
        foreach (var f in FinalSeg.Rows("posseg_prob_emit.tsv.gz"))
        {
            _emit[(f[2][0] << 8) | State(f[0], f[1])] = FinalSeg.Parse(f[3]);
        }
        foreach (var f in FinalSeg.Rows("posseg_char_state_tab.tsv.gz"))
        {
            _charStates[f[0][0]] = [.. f[1].Split(' ').Select(st => State(st[..1], st[2..]))];
        }
    }

    private double Emit(int state, char c) => _emit.TryGetValue((c << 8) | state, out var p) ? p : MinFloat;

    /// <summary>
    /// Viterbi over the Han run text[start..end) (posseg/viterbi.py): returns each position's state (B/E/M/S
    /// letter and tag index via <see cref="Letter"/>/<see cref="Tag"/>).
    /// </summary>
    public int[] Decode(string s, int start, int end)
    {
        int n = end - start, k = _count;
        var v = new double[k];
        var nv = new double[k];
        var active = new List<int>(k);      // mem_path[t - 1].keys()
        var nextActive = new List<int>(k);
        var back = new byte[n * k];
        var inPrevNext = new bool[k];
        var isCandidate = new bool[k];

        foreach (var y in _charStates.GetValueOrDefault(s[start], _allStates))
        {
            v[y] = _start[y] + Emit(y, s[start]);
            active.Add(y);
        }
        var prev = new List<int>(k);
        for (int t = 1; t < n; t++)
        {
            char c = s[start + t];
            prev.Clear();
            Array.Clear(inPrevNext);
            bool anyNext = false;
            foreach (var x in active)
            {
                if (_next[x].Length == 0) { continue; }
                prev.Add(x);
                foreach (var y in _next[x]) { inPrevNext[y] = true; anyNext = true; }
            }
            nextActive.Clear();
            Array.Clear(isCandidate);
            foreach (var y in _charStates.GetValueOrDefault(c, _allStates))
            {
                if (inPrevNext[y] && !isCandidate[y]) { isCandidate[y] = true; nextActive.Add(y); }
            }
            if (nextActive.Count == 0)
            {
                for (int y = 0; y < k; y++)
                {
                    if (!anyNext || inPrevNext[y]) { nextActive.Add(y); }
                }
            }
            // NOTE: if no previous state has a successor Python's max() of an empty list raises; that needs a
            // state without outgoing transitions at every candidate, which jieba's tables never produce here.
            foreach (var y in nextActive)
            {
                double em = Emit(y, c);
                double best = double.NaN;
                int bestState = -1;
                foreach (var y0 in prev)
                {
                    double p = (v[y0] + _trans[(y0 * k) + y]) + em;
                    if (bestState < 0 || p > best || (p == best && _rank[y0] > _rank[bestState]))
                    {
                        best = p;
                        bestState = y0;
                    }
                }
                nv[y] = best;
                back[(t * k) + y] = (byte)Math.Max(bestState, 0);
            }
            (v, nv) = (nv, v);
            (active, nextActive) = (nextActive, active);
        }
        int state = -1;
        double bestFinal = double.NaN;
        foreach (var y in active)
        {
            if (state < 0 || v[y] > bestFinal || (v[y] == bestFinal && _rank[y] > _rank[state]))
            {
                bestFinal = v[y];
                state = y;
            }
        }
        var route = new int[n];
        for (int t = n - 1; t >= 0; t--)
        {
            route[t] = state;
            if (t > 0) { state = back[(t * k) + state]; }
        }
        return route;
    }

    /// <summary>The B/E/M/S letter of a state.</summary>
    public char Letter(int state) => _letter[state];

    /// <summary>The POS tag of a state.</summary>
    public string Tag(int state) => _tag[state];
}
