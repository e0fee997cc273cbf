using System.Globalization;

namespace PolicyMiner.Classification;

/// <summary>A fitted task: the ML.NET model plus what the card records about it.</summary>
internal sealed record FittedTask(
    CodebookTask Task,
    MulticlassModel? Multiclass,
    MultilabelModel? Multilabel,
    IReadOnlyDictionary<string, double>? TrainerSelection,
    IReadOnlyDictionary<string, double>? Thresholds,
    bool AtLeastOne)
{
    private FeatureTerms? _terms;
    private LinearWeights? _weights;

    public string Trainer => Multiclass?.Trainer ?? Multilabel!.Trainer;

    /// <summary>Multiclass linear-svm: the weight of the sentence-embedding block (null: none).</summary>
    public double? EmbeddingWeight { get; init; }

    /// <summary>The readable term of every feature slot (read from the featurizer on first use).</summary>
    public FeatureTerms Terms => _terms ??= FeatureTerms.Of(Multiclass?.Transformer ?? Multilabel!.Transformer);

    /// <summary>The linear weights per label (read on first use).</summary>
    public LinearWeights Weights => _weights ??= LinearWeights.Of(this);

    /// <summary>Per label the <paramref name="count"/> terms with the largest positive weights (labels without readable weights: absent).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TermWeight>> TopTerms(int count) =>
        Task.Codes.Where(c => Weights.Of(c).Length > 0).ToDictionary(c => c, c => Terms.TopTerms(Weights.Of(c), count), StringComparer.Ordinal);
}

/// <summary>The prediction of one task for one document.</summary>
/// <param name="Labels">Predicted codes (multiclass: exactly one).</param>
/// <param name="Probabilities">Probability per label code (codebook order).</param>
/// <param name="Uncertainty">0 = sure … 1 = a coin toss (multiclass: 1 − margin of the top two; multi-label: closeness of the nearest label to its threshold).</param>
public sealed record TaskPrediction(IReadOnlyList<string> Labels, IReadOnlyDictionary<string, double> Probabilities, double Uncertainty)
{
    /// <summary>
    /// The terms that pushed the decision most, largest first per label: for the predicted class (multiclass), for
    /// each predicted label (multi-label; for the label nearest its threshold when none is predicted). Contribution =
    /// the label's linear weight × the document's feature value, summed over the term's slots; only positive ones.
    /// Empty when the model has no readable linear weights or evidence was not asked for.
    /// </summary>
    public IReadOnlyList<EvidenceTerm> Evidence { get; init; } = [];
}

/// <summary>
/// Training of one task with honest model selection: the multiclass trainer is chosen by stratified k-fold
/// cross-validation on the training documents only, and multi-label thresholds are tuned on out-of-fold
/// probabilities of the training documents only. Deterministic for a given seed.
/// </summary>
internal static class TaskLearning
{
    /// <summary>Fits a task (selection/threshold tuning by inner CV with <paramref name="innerFolds"/> folds).</summary>
    public static FittedTask Fit(CodebookTask task, IReadOnlyList<string> texts, IReadOnlyList<IReadOnlyCollection<string>> codes, int seed, int innerFolds, IReadOnlyList<string>? trainers = null, LearnerSettings? settings = null)
    {
        var s = settings ?? LearnerSettings.Default;
        if (task.TaskKind == TaskKind.Multiclass)
        {
            var labels = codes.Select(c => c.First()).ToArray();
            var trainerList = trainers ?? MlNetLearner.MulticlassTrainers;
            // linear-svm also with the sentence-embedding block at each candidate weight, when some text carries one.
            var embedded = texts.Any(t => t.Contains(SentenceEmbeddings.EmbeddingSeparator, StringComparison.Ordinal));
            var candidates = trainerList.SelectMany(t => t == MlNetLearner.LinearSvm && embedded
                    ? LearnerSettings.EmbeddingWeights.Select(w => (Name: EmbeddingCandidate(w), Trainer: t, Weight: w)).Prepend((Name: t, Trainer: t, Weight: 0.0))
                    : [(Name: t, Trainer: t, Weight: 0.0)])
                .ToArray();
            Dictionary<string, double>? selection = null;
            var chosen = candidates[0];
            var marginsOf = new Dictionary<string, double[][]>(StringComparer.Ordinal);
            var folds = SafeFolds(labels, innerFolds, seed);
            var all = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (candidates.Length > 1 || candidates[0].Trainer == MlNetLearner.LinearSvm)
            {
                selection = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var (name, trainer, weight) in candidates)
                {
                    var predicted = new string[labels.Length];
                    var margins = trainer == MlNetLearner.LinearSvm ? new double[labels.Length][] : null;
                    for (var f = 0; f < folds.Max() + 1; f++)
                    {
                        var (trainIdx, testIdx) = Split(folds, f);
                        var model = MlNetLearner.FitMulticlass(Pick(texts, trainIdx), Pick(labels, trainIdx), trainer, seed, s with { EmbeddingWeight = weight });
                        // SVM: margins once (their arg-max is the prediction; the temperature is fitted on them below).
                        var foldMargins = margins is null ? null : MlNetLearner.Margins(model.Transformer, model.Svm!, Pick(texts, testIdx), seed);
                        var probs = foldMargins is null ? MlNetLearner.PredictMulticlass(model, Pick(texts, testIdx), seed) : null;
                        for (var j = 0; j < testIdx.Length; j++)
                        {
                            if (foldMargins is not null)
                            {
                                predicted[testIdx[j]] = model.ScoreLabels[Array.IndexOf(foldMargins[j], foldMargins[j].Max())];
                                // Margins in the order of ALL labels (a fold may lack a class: its margin stays very low).
                                margins![testIdx[j]] = AllLabelMargins(model.ScoreLabels, foldMargins[j], all);
                            }
                            else
                            {
                                predicted[testIdx[j]] = model.ScoreLabels[ArgMax(probs![j])];
                            }
                        }
                    }
                    selection[name] = Math.Round(Metrics.Multiclass(task.Codes, labels, predicted, 0).MacroF1, 4);
                    if (margins is not null)
                    {
                        marginsOf[name] = margins;
                    }
                }
                // Highest macro-F1; ties go to the earlier (listed) candidate: without the block before with it, lighter weights first.
                chosen = candidates.OrderByDescending(c => selection[c.Name]).First();
            }
            var final = MlNetLearner.FitMulticlass(texts, labels, chosen.Trainer, seed, s with { EmbeddingWeight = chosen.Weight });
            if (final.Svm is { } svm && marginsOf.GetValueOrDefault(chosen.Name) is { } oofMargins)
            {
                // Temperature scaling of the softmax over margins, fitted on the out-of-fold margins (never on the
                // documents a margin was trained on), so T_prob means something.
                var truth = labels.Select(l => Array.IndexOf(all, l)).ToArray();
                final = final with { Svm = svm with { Temperature = DualCoordinateDescent.FitTemperature(oofMargins, truth) } };
            }
            return new FittedTask(task, final, null, selection, null, true) { EmbeddingWeight = chosen.Weight > 0 ? chosen.Weight : null };
        }
        else
        {
            var atLeastOne = codes.All(c => c.Count > 0);
            var codesList = task.Codes;
            var svm = s.MultilabelTrainer == MlNetLearner.LinearSvm;
            var oof = new float[texts.Count][];
            var oofMargins = new double[texts.Count][];
            var folds = SafeFolds(StratifiedFolds.RarestLabelKeys(codes), innerFolds, seed);
            for (var f = 0; f < folds.Max() + 1; f++)
            {
                var (trainIdx, testIdx) = Split(folds, f);
                if (svm)
                {
                    var model = MlNetLearner.FitMultilabelSvm(Pick(texts, trainIdx), Pick(codes, trainIdx), codesList, seed, s);
                    var margins = MlNetLearner.Margins(model.Transformer, model.Svm!, Pick(texts, testIdx), seed);
                    for (var j = 0; j < testIdx.Length; j++)
                    {
                        // A label without a model in this fold (no positives) gets a very low margin.
                        oofMargins[testIdx[j]] = margins[j].Select((m, k) => model.ProbabilityColumns[k] is null ? AbsentMargin : m).ToArray();
                    }
                }
                else
                {
                    var model = MlNetLearner.FitMultilabel(Pick(texts, trainIdx), Pick(codes, trainIdx), codesList, seed, s);
                    var probs = MlNetLearner.PredictMultilabel(model.Transformer, model.ProbabilityColumns, Pick(texts, testIdx), seed);
                    for (var j = 0; j < testIdx.Length; j++)
                    {
                        oof[testIdx[j]] = probs[j];
                    }
                }
            }
            Dictionary<string, double[]>? calibration = null;
            if (svm)
            {
                // Platt scaling per label on the out-of-fold margins, then thresholds on those probabilities.
                calibration = new Dictionary<string, double[]>(StringComparer.Ordinal);
                for (var k = 0; k < codesList.Count; k++)
                {
                    var (a, b) = DualCoordinateDescent.FitPlatt(oofMargins.Select(m => m[k]).ToArray(), codes.Select(c => c.Contains(codesList[k])).ToArray());
                    calibration[codesList[k]] = [a, b];
                }
                for (var i = 0; i < texts.Count; i++)
                {
                    oof[i] = codesList.Select((c, k) => (float)DualCoordinateDescent.PlattProbability(oofMargins[i][k], calibration[c][0], calibration[c][1])).ToArray();
                }
            }
            var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var k = 0; k < codesList.Count; k++)
            {
                thresholds[codesList[k]] = TuneThreshold(oof.Select(p => (double)p[k]).ToArray(), codes.Select(c => c.Contains(codesList[k])).ToArray());
            }
            var final = svm
                ? MlNetLearner.FitMultilabelSvm(texts, codes, codesList, seed, s) with { Calibration = calibration }
                : MlNetLearner.FitMultilabel(texts, codes, codesList, seed, s);
            return new FittedTask(task, null, final, null, thresholds, atLeastOne);
        }
    }

    /// <summary>The name of linear-svm with the sentence-embedding block at <paramref name="weight"/> in the card's trainer selection.</summary>
    internal static string EmbeddingCandidate(double weight) => $"{MlNetLearner.LinearSvm}+{SentenceEmbeddings.ModelName}×{SentenceEmbeddings.Format(weight)}";

    /// <summary>The threshold in 0.05…0.95 (step 0.01) with the best F1 on out-of-fold probabilities; ties → nearest 0.5.</summary>
    internal static double TuneThreshold(double[] probabilities, bool[] truth)
    {
        var best = 0.5;
        var bestF1 = -1.0;
        for (var step = 5; step <= 95; step++)
        {
            var t = step / 100.0;
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < truth.Length; i++)
            {
                var p = probabilities[i] >= t;
                if (p && truth[i]) { tp++; }
                else if (p) { fp++; }
                else if (truth[i]) { fn++; }
            }
            var f1 = Metrics.F1(tp, fp, fn);
            if (f1 > bestF1 + 1e-12 || Math.Abs(f1 - bestF1) <= 1e-12 && Math.Abs(t - 0.5) < Math.Abs(best - 0.5))
            {
                (best, bestF1) = (t, f1);
            }
        }
        return best;
    }

    /// <summary>Predicts a fitted task for feature texts; with <paramref name="evidence"/> &gt; 0 each prediction carries that many evidence terms per label.</summary>
    public static TaskPrediction[] Predict(FittedTask fitted, IReadOnlyList<string> texts, int seed, int evidence = 0)
    {
        var codes = fitted.Task.Codes;
        var result = new TaskPrediction[texts.Count];
        // Evidence reuses the feature vectors the prediction computes anyway (no second featurization).
        var explain = evidence > 0 && fitted.Weights.Labels.Any();
        IReadOnlyList<EvidenceTerm> Explain(IEnumerable<string> labels, SparseVector x) =>
            labels.SelectMany(l => fitted.Terms.Evidence(l, fitted.Weights.Of(l), x, evidence)).ToArray();
        if (fitted.Multiclass is { } mc)
        {
            var (probs, x) = MlNetLearner.PredictMulticlass(mc, texts, seed, explain);
            for (var i = 0; i < texts.Count; i++)
            {
                var byLabel = codes.ToDictionary(c => c, _ => 0.0, StringComparer.Ordinal);
                for (var j = 0; j < mc.ScoreLabels.Count && j < probs[i].Length; j++)
                {
                    byLabel[mc.ScoreLabels[j]] = Round(probs[i][j]);
                }
                var sorted = probs[i].OrderByDescending(p => p).ToArray();
                var margin = sorted.Length > 1 ? sorted[0] - sorted[1] : 1.0;
                var label = mc.ScoreLabels[ArgMax(probs[i])];
                result[i] = new TaskPrediction([label], byLabel, Round(Math.Clamp(1.0 - margin, 0, 1)))
                {
                    Evidence = x is null ? [] : Explain([label], x[i]),
                };
            }
            return result;
        }
        var ml = fitted.Multilabel!;
        var features = explain ? new SparseVector[texts.Count] : null;
        var lp = ml.Svm is null ? MlNetLearner.PredictMultilabel(ml.Transformer, ml.ProbabilityColumns, texts, seed, features) : SvmProbabilities(ml, codes, texts, seed, features);
        for (var i = 0; i < texts.Count; i++)
        {
            var byLabel = new Dictionary<string, double>(StringComparer.Ordinal);
            var chosen = new List<string>();
            var minDistance = 1.0;
            var bestRatio = -1.0;
            string? bestLabel = null;
            for (var k = 0; k < codes.Count; k++)
            {
                var p = (double)lp[i][k];
                var t = fitted.Thresholds![codes[k]];
                byLabel[codes[k]] = Round(p);
                if (ml.ProbabilityColumns[k] is null)
                {
                    continue;
                }
                if (p >= t)
                {
                    chosen.Add(codes[k]);
                }
                // Distance to the threshold, scaled to [0, 1] on its side.
                minDistance = Math.Min(minDistance, p >= t ? (p - t) / Math.Max(1e-9, 1 - t) : (t - p) / Math.Max(1e-9, t));
                if (p / t > bestRatio)
                {
                    (bestRatio, bestLabel) = (p / t, codes[k]);
                }
            }
            // Every training document had a label: never leave a document empty, take the label nearest its threshold.
            if (chosen.Count == 0 && fitted.AtLeastOne && bestLabel is not null)
            {
                chosen.Add(bestLabel);
            }
            // No label: the evidence of the label that came nearest (what almost made the model say it).
            var explained = chosen.Count > 0 ? chosen : bestLabel is null ? [] : [bestLabel];
            result[i] = new TaskPrediction(chosen, byLabel, Round(1.0 - minDistance))
            {
                Evidence = features is null ? [] : Explain(explained, features[i]),
            };
        }
        return result;
    }

    /// <summary>Platt probabilities of a multi-label SVM's margins (codebook order; labels without a model: 0); fills <paramref name="features"/> when given.</summary>
    private static float[][] SvmProbabilities(MultilabelModel model, IReadOnlyList<string> codes, IReadOnlyList<string> texts, int seed, SparseVector[]? features)
    {
        var calibration = model.Calibration ?? throw new InvalidOperationException("multi-label SVM without calibration");
        var x = MlNetLearner.SparseFeatures(model.Transformer, texts, seed, out _);
        if (features is not null)
        {
            Array.Copy(x, features, x.Length);
        }
        return x.Select(model.Svm!.Margins)
            .Select(m => codes.Select((c, k) => model.ProbabilityColumns[k] is null ? 0f : (float)DualCoordinateDescent.PlattProbability(m[k], calibration[c][0], calibration[c][1])).ToArray())
            .ToArray();
    }

    /// <summary>The out-of-fold margin of a label the fold's training documents lacked (certainly not that label).</summary>
    private const double AbsentMargin = -10;

    /// <summary>A fold model's margins spread over all labels of the task (<paramref name="all"/>, sorted ordinally); absent labels get −10.</summary>
    private static double[] AllLabelMargins(IReadOnlyList<string> foldLabels, double[] margins, string[] all)
    {
        var result = Enumerable.Repeat(AbsentMargin, all.Length).ToArray();
        for (var k = 0; k < foldLabels.Count; k++)
        {
            result[Array.IndexOf(all, foldLabels[k])] = margins[k];
        }
        return result;
    }

    private static double Round(double v) => Math.Round(v, 4, MidpointRounding.ToEven);

    /// <summary>Stratified folds, with fewer folds when the data are too small.</summary>
    internal static int[] SafeFolds(IReadOnlyList<string> strata, int k, int seed)
    {
        var folds = Math.Max(2, Math.Min(k, strata.Count / 2));
        return StratifiedFolds.Assign(strata, folds, seed);
    }

    internal static (int[] Train, int[] Test) Split(int[] folds, int f) =>
        (Enumerable.Range(0, folds.Length).Where(i => folds[i] != f).ToArray(), Enumerable.Range(0, folds.Length).Where(i => folds[i] == f).ToArray());

    internal static T[] Pick<T>(IReadOnlyList<T> items, int[] idx) => idx.Select(i => items[i]).ToArray();

    internal static int ArgMax(float[] v)
    {
        var best = 0;
        for (var i = 1; i < v.Length; i++)
        {
            if (v[i] > v[best])
            {
                best = i;
            }
        }
        return best;
    }

    /// <summary>Formats a number for the card/CSV (invariant culture).</summary>
    internal static string Format(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
