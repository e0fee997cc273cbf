using System.Globalization;

namespace PolicyMiner.Classification;

/// <summary>Describes what changed between the previous model card in a folder and a retrained one.</summary>
internal static class ModelChanges
{
    public static IReadOnlyList<string> Describe(ModelCard previous, ModelCard current)
    {
        var changes = new List<string>();
        static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        if (previous.TrainingDataHash == current.TrainingDataHash)
        {
            changes.Add("training data unchanged (same documents, texts and codes)");
        }
        else
        {
            changes.Add($"training documents: {previous.TrainingDocuments} → {current.TrainingDocuments}");
        }
        if (previous.Seed != current.Seed)
        {
            changes.Add($"seed: {previous.Seed} → {current.Seed}");
        }
        if (!string.Equals(System.Text.Json.JsonSerializer.Serialize(previous.Options, ModelCard.JsonOptions), System.Text.Json.JsonSerializer.Serialize(current.Options, ModelCard.JsonOptions), StringComparison.Ordinal))
        {
            changes.Add("feature/training options changed");
        }
        foreach (var task in current.Tasks)
        {
            var old = previous.Tasks.FirstOrDefault(t => t.Name == task.Name);
            if (old is null)
            {
                changes.Add($"task '{task.Name}': new");
                continue;
            }
            var added = task.Labels.Select(l => l.Code).Except(old.Labels.Select(l => l.Code), StringComparer.Ordinal).ToList();
            var removed = old.Labels.Select(l => l.Code).Except(task.Labels.Select(l => l.Code), StringComparer.Ordinal).ToList();
            if (added.Count > 0)
            {
                changes.Add($"task '{task.Name}': labels added: {string.Join(", ", added)}");
            }
            if (removed.Count > 0)
            {
                changes.Add($"task '{task.Name}': labels removed: {string.Join(", ", removed)}");
            }
            var counts = task.LabelCounts
                .Where(kv => old.LabelCounts.GetValueOrDefault(kv.Key) != kv.Value)
                .Select(kv => $"{kv.Key} {old.LabelCounts.GetValueOrDefault(kv.Key)}→{kv.Value}").ToList();
            if (counts.Count > 0)
            {
                changes.Add($"task '{task.Name}': examples {string.Join(", ", counts)}");
            }
            if (old.Trainer != task.Trainer)
            {
                changes.Add($"task '{task.Name}': trainer {old.Trainer} → {task.Trainer}");
            }
            if (old.Metrics is { } om && task.Metrics is { } nm)
            {
                changes.Add($"task '{task.Name}': CV macro-F1 {F(om.MacroF1)} → {F(nm.MacroF1)}, κ {F(om.Kappa)} → {F(nm.Kappa)}");
            }
        }
        foreach (var gone in previous.Tasks.Where(t => current.Tasks.All(c => c.Name != t.Name)))
        {
            changes.Add($"task '{gone.Name}': dropped");
        }
        return changes;
    }
}
