using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers;

namespace PolicyMiner.Classification;

/// <summary>One term's push towards a label in one document: the model's weight times the document's feature value.</summary>
/// <param name="Label">The label the term pushed towards.</param>
/// <param name="Term">The readable term: a word (word bigrams of multi-label logistic models: two words), a Han character or a character bigram.</param>
/// <param name="Contribution">Σ weight × feature value over the term's feature slots (positive: towards the label).</param>
public sealed record EvidenceTerm(string Label, string Term, double Contribution);

/// <summary>A term and its weight in a label's linear model (the card's top terms).</summary>
/// <param name="Term">The readable term.</param>
/// <param name="Weight">Σ of the term's weights over the feature blocks it occurs in (words TF-IDF, words TF, characters).</param>
public sealed record TermWeight(string Term, double Weight);

/// <summary>
/// The readable term behind every slot of a fitted featurizer's <c>Features</c> vector. ML.NET's n-gram transform
/// names its slots after the n-grams (words of a bigram joined by '|'), and Concatenate prefixes the source block
/// ("TfIdf.", "Tf.", "CharTfIdf."). The same text in several blocks (the word 耕地 and the character bigram 耕地,
/// or a word's TF-IDF and TF slots) is one term: its contributions add up.
/// </summary>
internal sealed class FeatureTerms
{
    private static readonly string[] BlockPrefixes = ["TfIdf.", "Tf.", "CharTfIdf."];

    private FeatureTerms(int[] slotTerm, string[] terms)
    {
        SlotTerm = slotTerm;
        Terms = terms;
    }

    /// <summary>Slot → term number (−1: a slot without a name).</summary>
    public int[] SlotTerm { get; }

    /// <summary>Term number → text.</summary>
    public string[] Terms { get; }

    /// <summary>The terms of a transformer whose output has a <c>Features</c> column (the featurizer, or a chain ending in predictors).</summary>
    public static FeatureTerms Of(ITransformer transformer)
    {
        var schema = transformer.GetOutputSchema(new MLContext().Data.LoadFromEnumerable(Array.Empty<TextRow>()).Schema);
        var column = schema["Features"];
        var size = column.Type is VectorDataViewType v ? v.Size : 0;
        VBuffer<ReadOnlyMemory<char>> names = default;
        if (column.HasSlotNames())
        {
            column.GetSlotNames(ref names);
        }
        var slotTerm = new int[size];
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = new List<string>();
        var dense = names.Length == size ? names.DenseValues().ToArray() : [];
        for (var i = 0; i < size; i++)
        {
            var text = dense.Length > 0 ? Readable(dense[i].ToString()) : "";
            if (text.Length == 0)
            {
                slotTerm[i] = -1;
                continue;
            }
            if (!ids.TryGetValue(text, out var id))
            {
                id = terms.Count;
                ids[text] = id;
                terms.Add(text);
            }
            slotTerm[i] = id;
        }
        return new FeatureTerms(slotTerm, terms.ToArray());
    }

    /// <summary>A slot name without its block prefix, n-gram parts joined by a space (as they stand in the feature text).</summary>
    internal static string Readable(string slotName)
    {
        foreach (var prefix in BlockPrefixes)
        {
            if (slotName.StartsWith(prefix, StringComparison.Ordinal))
            {
                slotName = slotName[prefix.Length..];
                break;
            }
        }
        return slotName.Replace('|', ' ');
    }

    /// <summary>
    /// The <paramref name="count"/> terms with the largest positive Σ weight × value in <paramref name="x"/>,
    /// largest first (ties: term text, ordinal). Reads only the document's non-zero slots.
    /// </summary>
    public IReadOnlyList<EvidenceTerm> Evidence(string label, float[] weights, SparseVector x, int count)
    {
        if (count <= 0 || weights.Length == 0)
        {
            return [];
        }
        // Sums per term in a dense per-thread buffer, cleared through the list of touched terms: O(non-zero slots).
        var sums = _sums is { } buffer && buffer.Length >= Terms.Length ? buffer : _sums = new double[Terms.Length];
        var touched = _touched ??= [];
        touched.Clear();
        var limit = Math.Min(weights.Length, SlotTerm.Length);
        for (var j = 0; j < x.Indices.Length; j++)
        {
            var slot = x.Indices[j];
            int term;
            if (slot >= limit || (term = SlotTerm[slot]) < 0)
            {
                continue;
            }
            var c = (double)weights[slot] * x.Values[j];
            if (c != 0)
            {
                if (sums[term] == 0)
                {
                    touched.Add(term);
                }
                sums[term] += c;
            }
        }
        var top = Top(touched.Select(t => (t, sums[t])), count);
        foreach (var t in touched)
        {
            sums[t] = 0;
        }
        return top.Select(t => new EvidenceTerm(label, Terms[t.Term], Math.Round(t.Value, 4))).ToArray();
    }

    // Per-thread scratch, all zeros between calls (any featurizer's terms fit once it is large enough).
    [ThreadStatic]
    private static double[]? _sums;

    [ThreadStatic]
    private static List<int>? _touched;

    /// <summary>The <paramref name="count"/> terms with the largest positive summed weights of a label's model.</summary>
    public IReadOnlyList<TermWeight> TopTerms(float[] weights, int count)
    {
        var sums = new Dictionary<int, double>();
        for (var slot = 0; slot < weights.Length && slot < SlotTerm.Length; slot++)
        {
            if (SlotTerm[slot] >= 0 && weights[slot] != 0)
            {
                sums[SlotTerm[slot]] = sums.GetValueOrDefault(SlotTerm[slot]) + weights[slot];
            }
        }
        return Top(sums.Select(kv => (kv.Key, kv.Value)), count).Select(t => new TermWeight(Terms[t.Term], Math.Round(t.Value, 4))).ToArray();
    }

    private List<(int Term, double Value)> Top(IEnumerable<(int Term, double Value)> sums, int count)
    {
        // A bounded selection: documents have thousands of non-zero slots, and only a handful are wanted.
        var best = new List<(int Term, double Value)>(count + 1);
        foreach (var (term, value) in sums)
        {
            if (value <= 0 || best.Count == count && !Better(term, value, best[^1]))
            {
                continue;
            }
            var at = best.Count;
            while (at > 0 && Better(term, value, best[at - 1]))
            {
                at--;
            }
            best.Insert(at, (term, value));
            if (best.Count > count)
            {
                best.RemoveAt(best.Count - 1);
            }
        }
        return best;
    }

    private bool Better(int term, double value, (int Term, double Value) other) =>
        value > other.Value || value == other.Value && string.CompareOrdinal(Terms[term], Terms[other.Term]) < 0;
}

/// <summary>
/// The linear weights of a fitted task, per label: our SVMs' weight vectors, or those ML.NET's model parameters
/// expose (maximum entropy: one vector per class; per-label logistic regressions: the linear model under each
/// calibrator). Labels whose weights cannot be read (one-versus-all keeps its binary models private) are absent.
/// </summary>
internal sealed class LinearWeights
{
    private readonly Dictionary<string, float[]> _byLabel;

    private LinearWeights(Dictionary<string, float[]> byLabel, string? missing)
    {
        _byLabel = byLabel;
        Missing = missing;
    }

    /// <summary>Why some or all labels have no weights (null when every modelled label has).</summary>
    public string? Missing { get; }

    /// <summary>The weights of a label (empty when unknown).</summary>
    public float[] Of(string label) => _byLabel.GetValueOrDefault(label) ?? [];

    /// <summary>The labels with weights.</summary>
    public IEnumerable<string> Labels => _byLabel.Keys;

    /// <summary>Reads a fitted task's weights.</summary>
    public static LinearWeights Of(FittedTask fitted)
    {
        var byLabel = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var svm = fitted.Multiclass?.Svm ?? fitted.Multilabel?.Svm;
        if (svm is not null)
        {
            for (var k = 0; k < svm.Labels.Count; k++)
            {
                if (svm.Weights[k].Length > 0)
                {
                    byLabel[svm.Labels[k]] = svm.Weights[k];
                }
            }
            return new LinearWeights(byLabel, null);
        }
        var predictors = Predictors(fitted.Multiclass?.Transformer ?? fitted.Multilabel!.Transformer).ToList();
        if (fitted.Multiclass is { } mc)
        {
            var model = predictors.LastOrDefault();
            if (model is LinearMulticlassModelParametersBase linear)
            {
                VBuffer<float>[] weights = [];
                linear.GetWeights(ref weights, out var classes);
                for (var k = 0; k < classes && k < mc.ScoreLabels.Count; k++)
                {
                    byLabel[mc.ScoreLabels[k]] = weights[k].DenseValues().ToArray();
                }
            }
            // ML.NET's OneVersusAllModelParameters keep their binary models private: no weights to read.
            var missing = byLabel.Count == mc.ScoreLabels.Count ? null
                : $"trainer {mc.Trainer}: ML.NET's model ({model?.GetType().Name ?? "none"}) exposes no linear weights per class";
            return new LinearWeights(byLabel, missing);
        }
        var ml = fitted.Multilabel!;
        // The chain is featurizer, then per modelled label a predictor (and a column copy), in codebook order.
        var modelled = fitted.Task.Codes.Where((_, k) => ml.ProbabilityColumns[k] is not null).ToList();
        for (var j = 0; j < modelled.Count && j < predictors.Count; j++)
        {
            if (BinaryWeights(predictors[j]) is { } w)
            {
                byLabel[modelled[j]] = w;
            }
        }
        return new LinearWeights(byLabel, byLabel.Count == modelled.Count ? null : $"trainer {ml.Trainer}: ML.NET's per-label models expose no linear weights");
    }

    /// <summary>The model parameters of every prediction transformer in a (nested) transformer chain, in order.</summary>
    private static IEnumerable<object> Predictors(ITransformer transformer)
    {
        if (transformer is IPredictionTransformer<object> p)
        {
            yield return p.Model;
        }
        else if (transformer is IEnumerable<ITransformer> chain)
        {
            foreach (var part in chain)
            {
                foreach (var m in Predictors(part))
                {
                    yield return m;
                }
            }
        }
    }

    /// <summary>A binary model's weights: linear parameters, possibly under a calibrator (its <c>SubModel</c>).</summary>
    private static float[]? BinaryWeights(object model)
    {
        if (model is LinearModelParameters linear)
        {
            return linear.Weights.ToArray();
        }
        // Per-label logistic regressions are Platt-calibrated: the linear model sits under the calibrator.
        return model is CalibratedModelParametersBase { SubModel: LinearModelParameters inner } ? inner.Weights.ToArray() : null;
    }
}

/// <summary>Text forms of evidence for the CSV outputs.</summary>
public static class EvidenceText
{
    /// <summary>
    /// One task's evidence, e.g. <c>耕地 +0.412; 土地 +0.330</c>; labels are named (<c>agriculture: 耕地 +0.412 | ecological: …</c>)
    /// when the evidence covers several labels or a label the task did not predict.
    /// </summary>
    public static string Format(TaskPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var groups = prediction.Evidence.GroupBy(e => e.Label, StringComparer.Ordinal).ToList();
        var named = groups.Count > 1 || groups.Any(g => !prediction.Labels.Contains(g.Key, StringComparer.Ordinal));
        return string.Join(" | ", groups.Select(g => (named ? g.Key + ": " : "") + string.Join("; ", g.Select(e => e.Term + " " + WithSign(e.Contribution)))));
    }

    /// <summary>
    /// The evidence of several tasks in one cell (review.csv): each task's <see cref="Format(TaskPrediction)"/>, prefixed
    /// <c>task: </c> when there are several tasks, joined by <c> || </c>; tasks without evidence are left out.
    /// </summary>
    public static string Format(IReadOnlyList<(string Task, TaskPrediction Prediction)> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return string.Join(" || ", tasks.Where(t => t.Prediction.Evidence.Count > 0)
            .Select(t => (tasks.Count > 1 ? t.Task + ": " : "") + Format(t.Prediction)));
    }

    /// <summary>A contribution with its sign and three decimals (SVM contributions are often a few hundredths).</summary>
    public static string WithSign(double v) => (v >= 0 ? "+" : "") + v.ToString("0.000", CultureInfo.InvariantCulture);
}
