namespace PolicyMiner.Segmentation.Keywords;

/// <summary>
/// The graph half of <c>jieba.analyse.textrank</c> (jieba/analyse/textrank.py, 0.42.1) on an already POS-tagged
/// token stream: co-occurrence window, undirected weighted graph, 10 Gauss–Seidel PageRank sweeps in code-point
/// order of the words, min/max normalisation. Mihalcea &amp; Tarau (2004), "TextRank: Bringing Order into Texts",
/// as jieba implements it; operation order is Python's, so weights are bit-identical.
/// </summary>
internal static class TextRankScorer
{
    /// <summary>jieba's damping factor <c>d</c>.</summary>
    public const double Damping = 0.85;

    /// <summary>jieba's window: the word and the next four tokens of the unfiltered stream.</summary>
    public const int Span = 5;

    /// <summary>jieba's fixed number of sweeps.</summary>
    public const int Iterations = 10;

    /// <summary>Ranks the words of <paramref name="tokens"/>; see the class summary.</summary>
    public static List<Keyword> Rank(
        IReadOnlyList<(string Word, string Flag)> tokens,
        IReadOnlySet<string> allowPos,
        IReadOnlySet<string> stopWords,
        int topK)
    {
        int n = tokens.Count;
        var qualifies = new bool[n];
        for (int i = 0; i < n; i++)
        {
            var (word, flag) = tokens[i];
            qualifies[i] = allowPos.Contains(flag) && PythonText.StrippedLength(word) >= 2
                && !stopWords.Contains(PythonText.Lower(word));
        }

        // cm[(w_i, w_j)] += 1 for qualifying pairs inside the window; a Python dict, so insertion order matters.
        var pairIndex = new Dictionary<(string, string), int>();
        var pairs = new List<(string A, string B)>();
        var pairCounts = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (!qualifies[i])
            {
                continue;
            }
            for (int j = i + 1; j < i + Span && j < n; j++)
            {
                if (!qualifies[j])
                {
                    continue;
                }
                var key = (tokens[i].Word, tokens[j].Word);
                if (pairIndex.TryGetValue(key, out int p))
                {
                    pairCounts[p]++;
                }
                else
                {
                    pairIndex.Add(key, pairs.Count);
                    pairs.Add(key);
                    pairCounts.Add(1);
                }
            }
        }

        var graph = new WeightedGraph();
        for (int p = 0; p < pairs.Count; p++)
        {
            graph.AddEdge(pairs[p].A, pairs[p].B, pairCounts[p]);
        }
        var ranks = graph.Rank();
        var scored = new List<Keyword>(ranks.Length);
        for (int i = 0; i < ranks.Length; i++)
        {
            scored.Add(new Keyword(graph.Names[i], ranks[i]));
        }
        return KeywordRanking.TopStable(scored, topK);
    }

    /// <summary>jieba's <c>UndirectWeightedGraph</c>: nodes in insertion order, each with its edge list in insertion order.</summary>
    internal sealed class WeightedGraph
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<List<(int Other, int Weight)>> _edges = [];

        /// <summary>Node names in insertion order (the order of Python's <c>graph</c> dict).</summary>
        public List<string> Names { get; } = [];

        /// <summary>Adds <c>(start → end, weight)</c> to start's list and <c>(end → start, weight)</c> to end's list.</summary>
        public void AddEdge(string start, string end, int weight)
        {
            // Python: graph[start].append(...) creates start before end.
            int a = Node(start);
            int b = Node(end);
            _edges[a].Add((b, weight));
            _edges[b].Add((a, weight));
        }

        /// <summary>The normalised rank of every node, indexed like <see cref="Names"/>.</summary>
        public double[] Rank()
        {
            int count = Names.Count;
            var ws = new double[count];
            var outSum = new double[count];
            double wsdef = 1.0 / (count == 0 ? 1.0 : count);
            for (int i = 0; i < count; i++)
            {
                ws[i] = wsdef;
                double sum = 0.0;
                foreach (var e in _edges[i])
                {
                    sum += e.Weight;
                }
                outSum[i] = sum;
            }

            var sortedNodes = Enumerable.Range(0, count).ToArray();
            Array.Sort(sortedNodes, (x, y) => PythonText.CodePointComparer.Compare(Names[x], Names[y]));
            for (int iteration = 0; iteration < Iterations; iteration++)
            {
                foreach (int node in sortedNodes)
                {
                    // s += e[2] / outSum[e[1]] * ws[e[1]]; ws[n] = (1 - d) + d * s — in place (Gauss–Seidel).
                    double s = 0;
                    foreach (var e in _edges[node])
                    {
                        s += e.Weight / outSum[e.Other] * ws[e.Other];
                    }
                    ws[node] = (1 - Damping) + Damping * s;
                }
            }

            // min starts at sys.float_info.max, max at sys.float_info.min (smallest normal), as in jieba.
            double min = double.MaxValue, max = 2.2250738585072014e-308;
            foreach (double w in ws)
            {
                if (w < min)
                {
                    min = w;
                }
                if (w > max)
                {
                    max = w;
                }
            }
            for (int i = 0; i < count; i++)
            {
                ws[i] = (ws[i] - min / 10.0) / (max - min / 10.0);
            }
            return ws;
        }

        private int Node(string name)
        {
            if (!_ids.TryGetValue(name, out int id))
            {
                id = Names.Count;
                _ids.Add(name, id);
                Names.Add(name);
                _edges.Add([]);
            }
            return id;
        }
    }
}
