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
            changes.AddRange(DocumentChanges(previous, current));
        }
        foreach (var source in current.LabelSources ?? [])
        {
            if (!previous.LabelFiles.Contains(source.File, StringComparer.Ordinal))
            {
                changes.Add($"label file {source.File}: new ({source.Kind}, {source.Coded} row(s) coded by people, {source.Used} used)");
            }
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

    private const int Examples = 10;

    /// <summary>Documents added or removed, and documents whose codes changed, between two cards' training codes.</summary>
    private static IEnumerable<string> DocumentChanges(ModelCard previous, ModelCard current)
    {
        if (previous.TrainingCodes is not { } before || current.TrainingCodes is not { } after)
        {
            yield return "the previous card records no per-document codes (trained by an older PolicyMiner), so added and changed documents cannot be listed";
            yield break;
        }
        static string List(IReadOnlyCollection<string> items) =>
            string.Join(", ", items.Take(Examples)) + (items.Count > Examples ? $", … ({items.Count - Examples} more)" : "");
        var added = after.Keys.Where(k => !before.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            yield return $"documents added: {added.Count} ({List(added)})";
        }
        if (removed.Count > 0)
        {
            yield return $"documents no longer coded: {removed.Count} ({List(removed)})";
        }
        var changed = new List<string>();
        foreach (var (doc, codes) in after.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!before.TryGetValue(doc, out var old))
            {
                continue;
            }
            foreach (var task in codes.Keys.Union(old.Keys).Order(StringComparer.Ordinal))
            {
                var (was, now) = (old.GetValueOrDefault(task), codes.GetValueOrDefault(task));
                if (!string.Equals(was, now, StringComparison.Ordinal))
                {
                    changed.Add($"{doc} {task}: {Show(was)} → {Show(now)}");
                }
            }
        }
        if (changed.Count > 0)
        {
            yield return $"codes changed: {changed.Count} ({string.Join("; ", changed.Take(Examples))}{(changed.Count > Examples ? $"; … ({changed.Count - Examples} more)" : "")})";
        }
    }

    // null: the task was not coded for the document; "": coded with no label (multi-label).
    private static string Show(string? codes) => codes is null ? "(not coded)" : codes.Length == 0 ? "(none)" : codes;
}
