namespace PolicyMiner.Classification;

/// <summary>
/// Cold start (<c>classify --seed-words</c>): codes documents from the codebook's seed words alone, with no
/// training. A WEAK baseline for bootstrapping: a label's hits are the occurrences of its seed words (title counted
/// three times; English case-insensitive). Multiclass: the top label; multi-label: every label with at least a third
/// of the top label's hits. Documents without a single hit get no label and are flagged for review.
/// The numbers written in the <c>*_prob</c> columns are SCORES, not calibrated probabilities: a label's share of the
/// hits, damped by how many hits there are — hits / (all hits + <see cref="Damping"/>) — so one stray word (a
/// regulation mentioning 赔偿 once) scores 0.25, not 1, and only many hits of one label approach 1. Nothing was
/// fitted to coded data; correct the output by hand, then train a real model.
/// </summary>
public sealed class SeedWordClassifier
{
    /// <summary>
    /// Pseudo-count added to the hits in the score's denominator: the weight of one title hit (3), so a single body
    /// hit scores 1/4, one title hit 1/2, and ten hits of one label 10/13 ≈ 0.77 (additive smoothing of the share).
    /// </summary>
    public const int Damping = 3;

    /// <summary>What the numbers mean, for the command's message.</summary>
    public const string ScoreNote =
        "The *_prob columns hold seed-word SCORES (a label's share of the seed-word hits, damped: hits / (all hits + 3)), not calibrated probabilities; documents without any seed word get no label and needs_review = 1. Check the output by hand and train a model on the corrections.";

    private readonly Codebook _codebook;

    /// <summary>Creates the classifier; every task used must have seed words for at least two labels.</summary>
    public SeedWordClassifier(Codebook codebook)
    {
        _codebook = codebook ?? throw new ArgumentNullException(nameof(codebook));
        var bare = codebook.Tasks.Where(t => t.Labels.Count(l => l.SeedWords.Count > 0) < 2).Select(t => t.Name).ToList();
        if (bare.Count > 0)
        {
            throw new CodebookException($"classify --seed-words: task(s) {string.Join(", ", bare)} have seed words for fewer than two labels; add \"seed_words\" to the labels in the codebook.");
        }
    }

    /// <summary>Codes the documents.</summary>
    public IReadOnlyList<DocumentPrediction> Classify(IReadOnlyList<InputDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var result = new DocumentPrediction[documents.Count];
        Parallel.For(0, documents.Count, i =>
        {
            var doc = documents[i];
            var tasks = new Dictionary<string, TaskPrediction>(StringComparer.Ordinal);
            foreach (var task in _codebook.Tasks)
            {
                var hits = task.Labels.Select(l => 3 * Count(doc.Title, l.SeedWords) + Count(doc.Text, l.SeedWords)).ToArray();
                var total = hits.Sum();
                var probs = task.Labels.Select((l, k) => (l.Code, P: Math.Round((double)hits[k] / (total + Damping), 4)))
                    .ToDictionary(x => x.Code, x => x.P, StringComparer.Ordinal);
                var top = hits.Max();
                List<string> labels = total == 0 ? []
                    : task.TaskKind == TaskKind.Multiclass ? [task.Labels[Array.IndexOf(hits, top)].Code]
                    : task.Labels.Where((_, k) => hits[k] * 3 >= top).Select(l => l.Code).ToList();
                var sorted = probs.Values.OrderByDescending(p => p).ToArray();
                var uncertainty = total == 0 ? 1.0 : Math.Round(1.0 - (sorted[0] - sorted[1]), 4);
                tasks[task.Name] = new TaskPrediction(labels, probs, uncertainty);
            }
            var review = tasks.Values.Any(t => t.Labels.Count == 0 || t.Uncertainty > 0.5);
            result[i] = new DocumentPrediction(doc.Id, tasks, tasks.Values.Max(t => t.Uncertainty), review);
        });
        return result;
    }

    private static int Count(string? text, IReadOnlyList<string> words)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }
        var n = 0;
        foreach (var w in words)
        {
            if (w.Length == 0)
            {
                continue;
            }
            var comparison = w.Any(char.IsAsciiLetter) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            for (var at = text.IndexOf(w, comparison); at >= 0; at = text.IndexOf(w, at + w.Length, comparison))
            {
                n++;
            }
        }
        return n;
    }
}
