namespace PolicyMiner.Classification;

/// <summary>Classification metrics: per-label P/R/F1, macro/micro-F1, confusion matrix, Cohen's κ.</summary>
public static class Metrics
{
    /// <summary>Metrics of a multiclass task (one code per document) over the given labels (codebook order).</summary>
    public static TaskMetrics Multiclass(IReadOnlyList<string> labels, IReadOnlyList<string> truth, IReadOnlyList<string> predicted, int folds)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var k = labels.Count;
        var matrix = new int[k][];
        for (var i = 0; i < k; i++)
        {
            matrix[i] = new int[k];
        }
        for (var i = 0; i < truth.Count; i++)
        {
            matrix[index[truth[i]]][index[predicted[i]]]++;
        }
        var perLabel = new List<LabelMetrics>();
        for (var c = 0; c < k; c++)
        {
            var tp = matrix[c][c];
            var support = matrix[c].Sum();
            var predictedCount = matrix.Sum(row => row[c]);
            perLabel.Add(Prf(labels[c], tp, predictedCount - tp, support - tp, support));
        }
        var correct = Enumerable.Range(0, k).Sum(c => matrix[c][c]);
        var accuracy = truth.Count == 0 ? 0 : (double)correct / truth.Count;
        return new TaskMetrics
        {
            Folds = folds,
            Documents = truth.Count,
            Accuracy = accuracy,
            MacroF1 = MacroF1(perLabel, matrix.Select(r => r.Sum()).ToArray(), Enumerable.Range(0, k).Select(c => matrix.Sum(r => r[c])).ToArray()),
            MicroF1 = accuracy,
            Kappa = Agreement.CohensKappa(truth, predicted),
            PerLabel = perLabel,
            Confusion = new ConfusionMatrix(labels.ToArray(), matrix.Select(r => (IReadOnlyList<int>)r).ToArray()),
        };
    }

    /// <summary>Metrics of a multi-label task: per-label P/R/F1 and binary κ, macro/micro-F1, exact-match accuracy.</summary>
    public static TaskMetrics Multilabel(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyCollection<string>> truth, IReadOnlyList<IReadOnlyCollection<string>> predicted, int folds)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        var perLabel = new List<LabelMetrics>();
        int tpAll = 0, fpAll = 0, fnAll = 0;
        var supports = new int[labels.Count];
        var predictedCounts = new int[labels.Count];
        var kappas = new List<double>();
        for (var c = 0; c < labels.Count; c++)
        {
            var label = labels[c];
            int tp = 0, fp = 0, fn = 0;
            var t = new bool[truth.Count];
            var p = new bool[truth.Count];
            for (var i = 0; i < truth.Count; i++)
            {
                t[i] = truth[i].Contains(label);
                p[i] = predicted[i].Contains(label);
                if (t[i] && p[i]) { tp++; }
                else if (p[i]) { fp++; }
                else if (t[i]) { fn++; }
            }
            tpAll += tp;
            fpAll += fp;
            fnAll += fn;
            supports[c] = tp + fn;
            predictedCounts[c] = tp + fp;
            var kappa = Agreement.CohensKappa(t, p);
            if (supports[c] > 0 || predictedCounts[c] > 0)
            {
                kappas.Add(kappa);
            }
            perLabel.Add(Prf(label, tp, fp, fn, tp + fn) with { Kappa = kappa });
        }
        var exact = Enumerable.Range(0, truth.Count).Count(i => truth[i].Count == predicted[i].Count && truth[i].All(predicted[i].Contains));
        return new TaskMetrics
        {
            Folds = folds,
            Documents = truth.Count,
            Accuracy = truth.Count == 0 ? 0 : (double)exact / truth.Count,
            MacroF1 = MacroF1(perLabel, supports, predictedCounts),
            MicroF1 = F1(tpAll, fpAll, fnAll),
            Kappa = kappas.Count == 0 ? double.NaN : kappas.Average(),
            PerLabel = perLabel,
        };
    }

    /// <summary>F1 from counts (0 when undefined).</summary>
    public static double F1(int tp, int fp, int fn) => tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);

    // Macro average over labels that occur in the truth or the predictions (scikit-learn's default label set).
    private static double MacroF1(List<LabelMetrics> perLabel, int[] supports, int[] predicted)
    {
        var used = perLabel.Where((_, i) => supports[i] > 0 || predicted[i] > 0).ToList();
        return used.Count == 0 ? 0 : used.Average(m => m.F1);
    }

    private static LabelMetrics Prf(string label, int tp, int fp, int fn, int support)
    {
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        return new LabelMetrics(label, precision, recall, F1(tp, fp, fn), support);
    }
}

/// <summary>Stratified k-fold assignment (ML.NET's CrossValidate does not stratify).</summary>
public static class StratifiedFolds
{
    /// <summary>
    /// Assigns each item a fold in [0, k): items are grouped by stratum (sorted ordinally), shuffled within the
    /// stratum with a seeded RNG, and dealt round-robin, continuing the deal across strata so fold sizes stay even.
    /// </summary>
    public static int[] Assign(IReadOnlyList<string> strata, int k, int seed)
    {
        ArgumentNullException.ThrowIfNull(strata);
        if (k < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "cross-validation needs at least 2 folds");
        }
        var folds = new int[strata.Count];
        var rng = new Random(seed);
        var next = 0;
        foreach (var group in strata.Select((s, i) => (s, i)).GroupBy(x => x.s, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var items = group.Select(x => x.i).ToArray();
            rng.Shuffle(items);
            foreach (var i in items)
            {
                folds[i] = next;
                next = (next + 1) % k;
            }
        }
        return folds;
    }

    /// <summary>
    /// Multi-label stratification key: each document's rarest label (by frequency in the data), so rare labels
    /// are spread over folds first (a simple approximation of iterative stratification, Sechidis et al. 2011).
    /// </summary>
    public static string[] RarestLabelKeys(IReadOnlyList<IReadOnlyCollection<string>> labelSets)
    {
        ArgumentNullException.ThrowIfNull(labelSets);
        var freq = labelSets.SelectMany(s => s).GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return labelSets.Select(s => s.Count == 0 ? "" : s.OrderBy(l => freq[l]).ThenBy(l => l, StringComparer.Ordinal).First()).ToArray();
    }
}
