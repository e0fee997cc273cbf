using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PolicyMiner.Classification;

/// <summary>
/// A model card is not trusted (issue 12 item 7): a loader checks that it is tied to its model.zip (model_sha256 is
/// required), that its values lie in their bounds (a title_weight of 1e9 once ran a machine out of memory, an empty task
/// list threw), and that the values that decide labels (kinds, labels, trainer, thresholds, calibration, temperature,
/// feature options) are those the zip was trained with: <see cref="ClassifierModel.Save"/> stores a hash of them in the
/// card (<c>values_sha256</c>; not in model.zip, whose bytes stay reproducible), so a hand-edited threshold is a
/// "damaged card", not silently different labels.
/// </summary>
internal static class ModelCardChecks
{
    /// <summary>Upper bound of title_weight (the trainer's default is 3; each unit repeats the title's tokens once).</summary>
    internal const int MaxTitleWeight = 100;

    /// <summary>Throws <see cref="ModelLoadException"/> ("… is damaged: …") for the first value out of its bounds.</summary>
    internal static void Validate(ModelCard card, string cardPath)
    {
        void Damaged(string what) => throw new ModelLoadException(
            $"{cardPath} is damaged: {what}. Restore model-card.json from the training run (it was written beside model.zip), or retrain.");

        if (string.IsNullOrEmpty(card.ModelSha256) || card.ModelSha256.Length != 64 || !card.ModelSha256.All(Uri.IsHexDigit))
        {
            Damaged("model_sha256 (the SHA-256 of model.zip, which ties the card to its model) is missing or not a SHA-256");
        }
        if (card.Tasks.Count == 0)
        {
            Damaged("it lists no tasks (\"tasks\": []), so there is nothing to classify");
        }
        var o = card.Options;
        if (o is null)
        {
            Damaged("it lacks its options");
            return;
        }
        if (o.TitleWeight is < 0 or > MaxTitleWeight)
        {
            Damaged($"options.title_weight is {o.TitleWeight}, outside 0–{MaxTitleWeight}");
        }
        if (o.MaxTextChars < 0)
        {
            Damaged($"options.max_text_chars is {o.MaxTextChars}, below 0");
        }
        if (!(o.ReviewThreshold is >= 0 and <= 1))
        {
            Damaged($"options.review_threshold is {o.ReviewThreshold}, outside [0, 1]");
        }
        if (o.Folds is < 0 or > 100)
        {
            Damaged($"options.folds is {o.Folds}, outside 0–100");
        }
        if (o.TextColumns is null || o.TextColumns.Count == 0)
        {
            Damaged("options.text_columns is empty");
        }
        foreach (var t in card.Tasks)
        {
            if (t is null || string.IsNullOrWhiteSpace(t.Name))
            {
                Damaged("a task has no name");
                return;
            }
            if (t.Kind is not ("multiclass" or "multilabel"))
            {
                Damaged($"task '{t.Name}' has kind '{t.Kind}', not multiclass or multilabel");
            }
            if (t.Labels is null || t.Labels.Count == 0)
            {
                Damaged($"task '{t.Name}' has no labels");
            }
            foreach (var (label, threshold) in t.Thresholds ?? new Dictionary<string, double>())
            {
                if (!(threshold is >= 0 and <= 1))
                {
                    Damaged($"task '{t.Name}': the threshold of label '{label}' is {threshold}, outside [0, 1]");
                }
            }
            if (t.Temperature is { } temperature && !(double.IsFinite(temperature) && temperature > 0))
            {
                Damaged($"task '{t.Name}': temperature {temperature} is not a positive number");
            }
            foreach (var (label, ab) in t.Calibration ?? new Dictionary<string, double[]>())
            {
                if (ab is null || ab.Length != 2 || !ab.All(double.IsFinite))
                {
                    Damaged($"task '{t.Name}': the calibration of label '{label}' is not two finite numbers [A, B]");
                }
            }
        }
    }

    /// <summary>SHA-256 over the card values that decide labels, in a canonical form (sorted keys).</summary>
    internal static string ValuesHash(ModelCard card)
    {
        var values = new
        {
            card.Seed,
            card.Options,
            Tasks = card.Tasks.Select(t => new
            {
                t.Name,
                t.Kind,
                Labels = t.Labels.Select(l => l.Code).ToArray(),
                Codes = card.Codebook.Find(t.Name)?.Codes.ToArray(),
                t.Trainer,
                Thresholds = t.Thresholds is null ? null : new SortedDictionary<string, double>(t.Thresholds.ToDictionary(), StringComparer.Ordinal),
                t.Temperature,
                Calibration = t.Calibration is null ? null : new SortedDictionary<string, double[]>(t.Calibration.ToDictionary(), StringComparer.Ordinal),
                t.AtLeastOneLabel,
            }).ToArray(),
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(values, ModelCard.JsonOptions))));
    }
}
