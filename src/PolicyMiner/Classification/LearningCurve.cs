using System.Globalization;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Classification;

/// <summary>One point of a learning curve: cross-validated macro-F1 per task on a share of the coded documents.</summary>
/// <param name="Share">Share of the coded documents (0.25, 0.5, 0.75, 1).</param>
/// <param name="Documents">Coded documents in the subsample.</param>
/// <param name="MacroF1">task → cross-validated macro-F1 (a task with fewer than 4 coded documents in the subsample is absent).</param>
public sealed record LearningCurvePoint(double Share, int Documents, IReadOnlyDictionary<string, double> MacroF1);

/// <summary>
/// "Will more coding help?": cross-validated macro-F1 on nested, stratified, seeded subsamples of 25/50/75/100 % of
/// the coded documents (each subsample cross-validated exactly as <c>evaluate --folds</c> does the whole set). A curve
/// still rising at its last step says more coding of the same kind is likely to pay off (the usual reading of a
/// learning curve, e.g. Figueroa et al. 2012, "Predicting sample size required for classification performance").
/// </summary>
public sealed record LearningCurve
{
    /// <summary>Gain of mean macro-F1 over the last step (75 → 100 %) above which the curve counts as still rising.</summary>
    public const double RisingGain = 0.01;

    /// <summary>The shares of the coded documents that are cross-validated.</summary>
    public static IReadOnlyList<double> Shares { get; } = [0.25, 0.5, 0.75, 1.0];

    /// <summary>Cross-validation folds of each point.</summary>
    public int Folds { get; init; }

    /// <summary>Seed of the subsamples and the folds.</summary>
    public int Seed { get; init; }

    /// <summary>The points, smallest share first.</summary>
    public IReadOnlyList<LearningCurvePoint> Points { get; init; } = [];

    /// <summary>Mean over tasks of macro-F1 at 100 % minus at 75 %.</summary>
    public double LastGain { get; init; }

    /// <summary>True when <see cref="LastGain"/> exceeds <see cref="RisingGain"/>.</summary>
    public bool StillRising { get; init; }

    /// <summary>One sentence for the user: is more coding likely to help.</summary>
    public string Verdict { get; init; } = "";

    /// <summary>Computes the curve (tokenizes the coded documents once).</summary>
    public static LearningCurve Compute(TrainingSet data, TrainOptions options, SegmenterInfo segmenter, Action<string>? progress = null)
    {
        return Compute(data, options, ClassifierModel.CodedTexts(data, options, segmenter, "learning curve", progress), null, progress);
    }

    /// <summary>Computes the curve from feature texts; <paramref name="full"/> (the whole set's CV, when already done) is reused for 100 %.</summary>
    internal static LearningCurve Compute(TrainingSet data, TrainOptions options, Func<bool, string[]> texts, CrossValidationResult? full, Action<string>? progress)
    {
        // Nested subsamples: 4 stratified "quarters"; 25 % = quarter 0, 50 % = quarters 0–1, … (seeded).
        var quarters = StratifiedFolds.Assign(Strata(data), Shares.Count, options.Seed);
        var points = new List<LearningCurvePoint>();
        foreach (var share in Shares)
        {
            var idx = Enumerable.Range(0, data.Examples.Count).Where(i => quarters[i] < Math.Round(share * Shares.Count)).ToArray();
            CrossValidationResult cv;
            if (share >= 1 && full is not null)
            {
                cv = full;
            }
            else
            {
                progress?.Invoke($"learning curve: {share:P0} of the coded documents ({idx.Length})");
                var subset = data with { Examples = idx.Select(i => data.Examples[i]).ToArray() };
                cv = ClassifierModel.CrossValidate(subset, options, sublinear => TaskLearning.Pick(texts(sublinear), idx), null);
            }
            points.Add(new LearningCurvePoint(share, idx.Length, cv.Metrics.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value.MacroF1, 4), StringComparer.Ordinal)));
        }
        var last = points[^1];
        var before = points[^2];
        var gains = last.MacroF1.Where(kv => before.MacroF1.ContainsKey(kv.Key)).Select(kv => kv.Value - before.MacroF1[kv.Key]).ToArray();
        var gain = gains.Length == 0 ? double.NaN : Math.Round(gains.Average(), 4);
        var rising = gain > RisingGain;
        var g = double.IsNaN(gain) ? "n/a" : gain.ToString("+0.000;-0.000", CultureInfo.InvariantCulture);
        var verdict = double.IsNaN(gain)
            ? "too few coded documents to tell whether more coding helps: code more documents and evaluate again."
            : rising
                ? $"still rising (macro-F1 {g} from {before.Documents} to {last.Documents} coded documents): more coding is likely to help — `policyminer next` picks the documents to code."
                : $"flat (macro-F1 {g} from {before.Documents} to {last.Documents} coded documents): more coding of the same kind is unlikely to help much; check the codebook's hardest labels and the coders' agreement first.";
        return new LearningCurve { Folds = options.Folds, Seed = options.Seed, Points = points, LastGain = gain, StillRising = rising, Verdict = verdict };
    }

    /// <summary>Stratum of each coded document: per task its label (multiclass) or rarest label (multi-label), joined.</summary>
    private static string[] Strata(TrainingSet data)
    {
        var keys = data.Examples.Select(_ => new List<string>()).ToArray();
        foreach (var task in data.Codebook.Tasks)
        {
            var codes = data.Examples.Select(e => (IReadOnlyCollection<string>)(e.Row.Codes.GetValueOrDefault(task.Name)?.ToArray() ?? [])).ToArray();
            var taskKeys = task.TaskKind == TaskKind.Multiclass ? codes.Select(c => c.FirstOrDefault() ?? "").ToArray() : StratifiedFolds.RarestLabelKeys(codes);
            for (var i = 0; i < keys.Length; i++)
            {
                keys[i].Add(taskKeys[i]);
            }
        }
        return keys.Select(k => string.Join("|", k)).ToArray();
    }
}
