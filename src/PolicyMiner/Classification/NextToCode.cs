using System.Globalization;

namespace PolicyMiner.Classification;

/// <summary>How a document's uncertainty is read from a model's predictions (multi-label tasks; multiclass is always the top-two margin).</summary>
public enum UncertaintyMeasure
{
    /// <summary>The label nearest its threshold decides (1 − its scaled distance): one doubtful label makes a document doubtful.</summary>
    NearestLabel,

    /// <summary>Mean over labels of (1 − scaled distance to the threshold): documents doubtful on several labels come first.</summary>
    MeanOverLabels,

    /// <summary>
    /// As <see cref="MeanOverLabels"/>, each label weighted by 1 / (1 + its training documents): macro-F1 counts every
    /// label alike, so doubt about a rare label is worth more than doubt about a common one.
    /// </summary>
    RarityWeighted,
}

/// <summary>Options of <see cref="NextToCode.Select(ClassifierModel, IReadOnlyList{InputDocument}, IReadOnlyCollection{string}, NextOptions)"/>.</summary>
public sealed record NextOptions
{
    /// <summary>
    /// Default diversity weight λ, chosen on the regulations campaign with tuning seeds 101 and 102 (not the reported
    /// seeds; see the README's "What to code next" section).
    /// </summary>
    public const double DefaultDiversity = 0.5;

    /// <summary>How many documents to pick.</summary>
    public int Count { get; init; } = 25;

    /// <summary>Diversity weight λ in score = uncertainty − λ · (largest cosine similarity to a document already picked); 0 = pure uncertainty sampling.</summary>
    public double Diversity { get; init; } = DefaultDiversity;

    /// <summary>Multi-label uncertainty measure (default chosen with <see cref="DefaultDiversity"/> on the same tuning seeds).</summary>
    public UncertaintyMeasure Uncertainty { get; init; } = UncertaintyMeasure.RarityWeighted;

    /// <summary>Seed of the tie-break order (equal scores).</summary>
    public int Seed { get; init; } = 42;
}

/// <summary>One picked document and why it was picked.</summary>
/// <param name="Rank">1 = code first.</param>
/// <param name="Document">The document.</param>
/// <param name="Prediction">The model's codes for it (shown to the coder as a starting point).</param>
/// <param name="Uncertainty">0 = the model is sure … 1 = a coin toss (see <see cref="UncertaintyMeasure"/>).</param>
/// <param name="Similarity">Largest cosine similarity (TF-IDF of the model's features) to a document picked before it in this round; 0 for the first.</param>
/// <param name="SimilarTo">doc_id of that most similar earlier pick (null for the first).</param>
/// <param name="Score">uncertainty − λ · similarity at the moment it was picked.</param>
public sealed record NextPick(int Rank, InputDocument Document, DocumentPrediction Prediction, double Uncertainty, double Similarity, string? SimilarTo, double Score);

/// <summary>
/// "What to code next": batch-mode active learning by uncertainty sampling with a diversity term. Greedily, the
/// candidate with the highest score = uncertainty − λ·max cosine similarity to the documents already picked in this
/// batch is taken next (Brinker 2003, "Incorporating diversity in active learning with support vector machines",
/// ICML — there with the SVM margin and the angle between documents; Settles 2009, "Active learning literature
/// survey", §3.1 uncertainty sampling and §6.1 batch-mode selection). Uncertainty: multiclass 1 − (top − second
/// probability) (margin sampling, Scheffer et al. 2001); multi-label the closeness of a label's probability to its
/// tuned threshold. Similarity: cosine of TF-IDF vectors over the model's own feature tokens (words and characters),
/// IDF from the candidates. With λ > 0 a near-duplicate (cosine ≥ <see cref="DuplicateSimilarity"/>) of a picked document is
/// taken only when nothing else is left: coding the same text twice teaches nothing. Deterministic: equal scores are
/// broken by a seeded random order.
/// </summary>
public static class NextToCode
{
    /// <summary>Cosine similarity at or above which a candidate counts as a copy of a document already picked.</summary>
    public const double DuplicateSimilarity = 0.95;

    /// <summary>Picks up to <see cref="NextOptions.Count"/> candidates to hand-code next; documents whose id is in <paramref name="codedIds"/> are never picked.</summary>
    /// <param name="model">The current model.</param>
    /// <param name="candidates">Documents that could be coded.</param>
    /// <param name="codedIds">doc_ids already coded (excluded).</param>
    /// <param name="options">Count, λ, uncertainty measure, seed.</param>
    public static IReadOnlyList<NextPick> Select(ClassifierModel model, IReadOnlyList<InputDocument> candidates, IReadOnlyCollection<string> codedIds, NextOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(codedIds);
        ArgumentNullException.ThrowIfNull(options);
        var coded = codedIds as IReadOnlySet<string> ?? new HashSet<string>(codedIds, StringComparer.Ordinal);
        var open = candidates.Where(d => !coded.Contains(d.Id)).ToArray();
        if (open.Length == 0 || options.Count <= 0)
        {
            return [];
        }
        var (predictions, featureTexts) = model.ClassifyWithFeatureTexts(open);
        var uncertainty = predictions.Select(p => Uncertainty(model.Card, p, options.Uncertainty)).ToArray();
        var vectors = TfIdfVectors(featureTexts);
        var order = Greedy(uncertainty, vectors, options.Count, options.Diversity, options.Seed);
        return order.Select((o, r) => new NextPick(r + 1, open[o.Index], predictions[o.Index], Math.Round(uncertainty[o.Index], 4),
            Math.Round(o.Similarity, 4), o.SimilarTo < 0 ? null : open[o.SimilarTo].Id, Math.Round(o.Score, 4))).ToArray();
    }

    /// <summary>Why each document was picked: rank, uncertainty, similarity to an earlier pick, score (UTF-8 with BOM).</summary>
    /// <param name="path">The .picks.csv file.</param>
    /// <param name="picks">The picks, in rank order.</param>
    /// <param name="lambda">The diversity weight they were picked with.</param>
    public static void WritePicks(string path, IReadOnlyList<NextPick> picks, double lambda)
    {
        ArgumentNullException.ThrowIfNull(picks);
        AtomicFile.Write(path, w =>
        {
            Csv.WriteRow(w, ["rank", "doc_id", "file", "title", "uncertainty", "similarity", "similar_to", "score", "why"]);
            foreach (var p in picks)
            {
                var why = p.Rank == 1 ? $"rank 1: the highest score, uncertainty {N(p.Uncertainty)}"
                    : p.SimilarTo is null ? $"rank {p.Rank}: uncertainty {N(p.Uncertainty)}, shares no feature with an earlier pick"
                    : $"rank {p.Rank}: uncertainty {N(p.Uncertainty)} − {N(lambda)} × similarity {N(p.Similarity)} to {p.SimilarTo} = score {N(p.Score)}";
                Csv.WriteRow(w, [p.Rank.ToString(CultureInfo.InvariantCulture), p.Document.Id, p.Document.File ?? "", p.Document.Title ?? "",
                    N(p.Uncertainty), N(p.Similarity), p.SimilarTo ?? "", N(p.Score), why]);
            }
        }, AtomicFile.Utf8Bom);
    }

    private static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>
    /// The doc_ids among <paramref name="candidates"/> that are already coded: the model's training documents (by
    /// doc_id or content hash, from the card) and the coded rows of coded files — both joined to the candidates by
    /// <see cref="DocumentMatcher"/> (doc_id, sha256, path, file name or stem).
    /// </summary>
    /// <param name="candidates">The candidate documents.</param>
    /// <param name="card">The model's card (its <see cref="ModelCard.TrainingDocumentIds"/>; empty in older cards).</param>
    /// <param name="coded">Coded files read by <see cref="CodedLabels.Read"/> (only rows with codes count), or null.</param>
    public static CodedAmong FindCoded(IReadOnlyList<InputDocument> candidates, ModelCard card, CodedSet? coded)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(card);
        // Candidates are known by their content hash as the card records it (file bytes, or title + text for table rows).
        var keys = candidates.Select(d => d.Key with { Sha256 = TrainedDocument.HashOf(d) }).ToList();
        var trained = card.TrainingDocumentIds.Count == 0
            ? new DocumentMatch(new Dictionary<string, string>(), [], new Dictionary<string, int>(), 0)
            : DocumentMatcher.Match(keys, card.TrainingDocumentIds.SelectMany(t => new[] { t.Sha256, t.DocId }));
        var codedMatch = coded is null
            ? null
            : DocumentMatcher.Match(keys, coded.Rows.Where(r => r.Codes.Count > 0).Select(r => r.Key));
        return new CodedAmong(
            trained.DocIdOfKey.Values.ToHashSet(StringComparer.Ordinal),
            codedMatch?.DocIdOfKey.Values.ToHashSet(StringComparer.Ordinal) ?? new HashSet<string>(StringComparer.Ordinal),
            codedMatch);
    }

    /// <summary>A document's uncertainty: the mean over the model's tasks of each task's uncertainty (every task's codes teach).</summary>
    internal static double Uncertainty(ModelCard card, DocumentPrediction prediction, UncertaintyMeasure measure)
    {
        var values = new List<double>();
        foreach (var taskCard in card.Tasks)
        {
            if (!prediction.Tasks.TryGetValue(taskCard.Name, out var tp))
            {
                continue;
            }
            if (taskCard.Thresholds is null)
            {
                // Multiclass: 1 − margin between the two most probable labels.
                var top = tp.Probabilities.Values.OrderDescending().Take(2).ToArray();
                values.Add(Math.Clamp(1 - (top[0] - (top.Length > 1 ? top[1] : 0)), 0, 1));
                continue;
            }
            var closeness = taskCard.Thresholds.Select(kv =>
            {
                var p = tp.Probabilities.GetValueOrDefault(kv.Key);
                var t = kv.Value;
                // Distance to the threshold scaled to [0, 1] on its side (as TaskPrediction.Uncertainty).
                var distance = p >= t ? (p - t) / Math.Max(1e-9, 1 - t) : (t - p) / Math.Max(1e-9, t);
                var weight = measure == UncertaintyMeasure.RarityWeighted ? 1.0 / (1 + taskCard.LabelCounts.GetValueOrDefault(kv.Key)) : 1.0;
                return (Closeness: 1 - Math.Clamp(distance, 0, 1), Weight: weight);
            }).ToArray();
            values.Add(closeness.Length == 0 ? 0 : measure switch
            {
                UncertaintyMeasure.NearestLabel => closeness.Max(c => c.Closeness),
                _ => closeness.Sum(c => c.Closeness * c.Weight) / closeness.Sum(c => c.Weight),
            });
        }
        return values.Count == 0 ? 0 : values.Average();
    }

    /// <summary>One greedy pick: candidate index, its similarity to the nearest earlier pick (and which), and its score.</summary>
    internal readonly record struct Picked(int Index, double Similarity, int SimilarTo, double Score);

    /// <summary>
    /// The greedy batch selection over precomputed uncertainties and L2-normalised sparse vectors. After each pick
    /// the candidates' largest similarity to the batch is updated with one sparse dot product each (n·N work).
    /// </summary>
    internal static IReadOnlyList<Picked> Greedy(IReadOnlyList<double> uncertainty, IReadOnlyList<SparseVector> vectors, int count, double lambda, int seed)
    {
        var n = uncertainty.Count;
        var tieOrder = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(tieOrder);
        var tieRank = new int[n];
        for (var r = 0; r < n; r++)
        {
            tieRank[tieOrder[r]] = r;
        }
        var maxSim = new double[n];
        var nearest = Enumerable.Repeat(-1, n).ToArray();
        var taken = new bool[n];
        var result = new List<Picked>();
        var dense = new Dictionary<int, float>();
        while (result.Count < Math.Min(count, n))
        {
            var best = -1;
            var bestScore = double.NegativeInfinity;
            var bestDuplicate = true;
            for (var i = 0; i < n; i++)
            {
                if (taken[i])
                {
                    continue;
                }
                // λ = 0 is pure uncertainty sampling: no diversity of any kind.
                var duplicate = lambda > 0 && maxSim[i] >= DuplicateSimilarity;
                var score = uncertainty[i] - lambda * maxSim[i];
                // Non-duplicates first; then the higher score; then the seeded tie order.
                var better = best < 0
                    || bestDuplicate && !duplicate
                    || duplicate == bestDuplicate && (score > bestScore + 1e-12 || Math.Abs(score - bestScore) <= 1e-12 && tieRank[i] < tieRank[best]);
                if (better)
                {
                    (best, bestScore, bestDuplicate) = (i, score, duplicate);
                }
            }
            taken[best] = true;
            result.Add(new Picked(best, maxSim[best], nearest[best], bestScore));
            dense.Clear();
            var v = vectors[best];
            for (var k = 0; k < v.Indices.Length; k++)
            {
                dense[v.Indices[k]] = v.Values[k];
            }
            for (var i = 0; i < n; i++)
            {
                if (taken[i])
                {
                    continue;
                }
                var sim = Dot(vectors[i], dense);
                if (sim > maxSim[i])
                {
                    (maxSim[i], nearest[i]) = (sim, best);
                }
            }
        }
        return result;
    }

    private static double Dot(SparseVector a, Dictionary<int, float> b)
    {
        var sum = 0.0;
        for (var k = 0; k < a.Indices.Length; k++)
        {
            if (b.TryGetValue(a.Indices[k], out var w))
            {
                sum += a.Values[k] * w;
            }
        }
        return sum;
    }

    /// <summary>
    /// L2-normalised TF-IDF vectors of feature texts (space-separated tokens; the character block after
    /// <see cref="Segmentation.FeatureTokenizer.CharSeparator"/> kept apart from words), IDF = ln((1 + N) / (1 + df)) + 1
    /// over these texts (scikit-learn's smoothed IDF). The feature texts already carry sublinear term counts.
    /// </summary>
    internal static SparseVector[] TfIdfVectors(IReadOnlyList<string> featureTexts)
    {
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var df = new List<int>();
        var counts = new Dictionary<int, int>[featureTexts.Count];
        for (var d = 0; d < featureTexts.Count; d++)
        {
            var c = new Dictionary<int, int>();
            var parts = SentenceEmbeddings.WithoutEmbedding(featureTexts[d]).Split(Segmentation.FeatureTokenizer.CharSeparator);
            for (var block = 0; block < parts.Length; block++)
            {
                foreach (var token in parts[block].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var key = block == 0 ? token : "\u001F" + token;
                    if (!vocabulary.TryGetValue(key, out var id))
                    {
                        id = vocabulary.Count;
                        vocabulary[key] = id;
                        df.Add(0);
                    }
                    if (c.TryGetValue(id, out var x))
                    {
                        c[id] = x + 1;
                    }
                    else
                    {
                        c[id] = 1;
                        df[id]++;
                    }
                }
            }
            counts[d] = c;
        }
        var n = featureTexts.Count;
        var result = new SparseVector[n];
        for (var d = 0; d < n; d++)
        {
            var indices = counts[d].Keys.Order().ToArray();
            var values = indices.Select(i => (float)(counts[d][i] * (Math.Log((1.0 + n) / (1.0 + df[i])) + 1))).ToArray();
            var norm = Math.Sqrt(values.Sum(v => (double)v * v));
            if (norm > 0)
            {
                for (var k = 0; k < values.Length; k++)
                {
                    values[k] = (float)(values[k] / norm);
                }
            }
            result[d] = new SparseVector(indices, values);
        }
        return result;
    }
}

/// <summary>Which candidates are already coded, and how we know.</summary>
/// <param name="InTraining">doc_ids of candidates the model was trained on (card).</param>
/// <param name="InCodedFiles">doc_ids of candidates coded in the given coded files.</param>
/// <param name="CodedFilesMatch">How the coded files' rows matched the candidates (null without coded files).</param>
public sealed record CodedAmong(IReadOnlySet<string> InTraining, IReadOnlySet<string> InCodedFiles, DocumentMatch? CodedFilesMatch)
{
    /// <summary>Every excluded doc_id.</summary>
    public IReadOnlySet<string> All => InTraining.Union(InCodedFiles, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
}
