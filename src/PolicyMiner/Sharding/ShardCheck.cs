using PolicyMiner.Pipeline;

namespace PolicyMiner.Sharding;

/// <summary>A shard folder given to <c>merge</c>: its record, its shard and (for <c>run --shard</c>) its manifest.</summary>
/// <param name="Folder">The folder as given.</param>
/// <param name="Record">Its <c>shard.json</c>.</param>
/// <param name="Shard">The parsed shard.</param>
/// <param name="Manifest">Its <c>manifest.json</c> when a <c>run --shard</c> wrote it, else null.</param>
public sealed record ShardFolder(string Folder, ShardFile Record, Shard Shard, RunManifest? Manifest)
{
    /// <summary>Documents the shard's extract wrote (0 when it has none).</summary>
    public int Documents => Record.Stages.TryGetValue("extract", out var e) ? e.Documents : 0;

    /// <summary><c>DIR (i/n)</c>, how messages name the shard.</summary>
    public override string ToString() => $"{Folder} ({Shard})";
}

/// <summary>
/// The checks <c>merge</c> makes before joining anything: every folder is a shard, all of the same count, each shard
/// exactly once, none missing, of the same batch, classified with the same model and codebook, with the same stages.
/// Each failure is an <see cref="InvalidDataException"/> naming the folders concerned and what to do.
/// </summary>
public static class ShardCheck
{
    /// <summary>Reads and checks the shard folders; returns them sorted by shard number.</summary>
    public static IReadOnlyList<ShardFolder> Load(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count == 0)
        {
            throw new ArgumentException("give the shard folders to merge (the -o folders of `run --shard i/n`, or the folders the stage verbs with --shard wrote into).");
        }
        var shards = new List<ShardFolder>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                throw new InvalidDataException($"{folder}: no such folder. Give the output folders of the shards (`run --shard i/n -o FOLDER`).");
            }
            var record = ShardFile.TryRead(folder)
                ?? throw new InvalidDataException($"{folder}: no {ShardFile.FileName}, so it is not the output of a shard. Give folders written by `run --shard i/n` (or by extract/segment/classify with --shard).");
            Shard shard;
            try
            {
                shard = record.Parsed();
            }
            catch (ArgumentException ex)
            {
                throw new InvalidDataException($"{Path.Combine(folder, ShardFile.FileName)}: {ex.Message}", ex);
            }
            var manifest = RunManifest.TryRead(Path.Combine(folder, RunManifest.FileName));
            if (manifest is { Complete: false })
            {
                throw new InvalidDataException($"{folder}: shard {shard} did not finish (its manifest.json says complete: false: the run was killed, crashed or is still working). Run that shard again (it resumes) before merging.");
            }
            shards.Add(new ShardFolder(folder, record, shard, manifest));
        }
        var counts = shards.GroupBy(s => s.Shard.Count).ToList();
        if (counts.Count > 1)
        {
            throw new InvalidDataException("the shards were split in different numbers of shards: " +
                string.Join("; ", counts.Select(g => $"n = {g.Key}: {string.Join(", ", g)}")) +
                ". Merge shards of one split only (same n in every --shard i/n).");
        }
        var n = shards[0].Shard.Count;
        var twice = shards.GroupBy(s => s.Shard.Index).Where(g => g.Count() > 1).ToList();
        if (twice.Count > 0)
        {
            throw new InvalidDataException("a shard is given more than once: " +
                string.Join("; ", twice.Select(g => $"shard {g.Key}/{n} in {string.Join(" and ", g.Select(s => s.Folder))}")) +
                ". Give each shard's folder once.");
        }
        var missing = Enumerable.Range(1, n).Where(i => shards.All(s => s.Shard.Index != i)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(i => $"{i}/{n}"))} missing: got {string.Join(", ", shards.OrderBy(s => s.Shard.Index))}. " +
                "Run the missing shard(s) (e.g. `policyminer run … --shard " + missing[0] + "/" + n + " -o FOLDER`, or resubmit that array task) and give every shard's folder.");
        }
        shards.Sort((a, b) => a.Shard.Index.CompareTo(b.Shard.Index));
        var batches = shards.Where(s => s.Record.BatchSha256 is not null).GroupBy(s => (s.Record.BatchSha256, s.Record.BatchDocuments)).ToList();
        if (batches.Count > 1)
        {
            throw new InvalidDataException("the shards come from different input lists: " +
                string.Join("; ", batches.Select(g => $"{g.Key.BatchDocuments} documents (batch {g.Key.BatchSha256![..12]}) in {string.Join(", ", g)}")) +
                ". Run every shard on the same files and folders (the same arguments, only --shard differing).");
        }
        var fingerprints = shards.Where(s => s.Record.Stages.GetValueOrDefault("extract")?.Fingerprint is not null).GroupBy(s => s.Record.Stages["extract"].Fingerprint).ToList();
        if (fingerprints.Count > 1)
        {
            throw new InvalidDataException("the shards were extracted with different options or builds of PolicyMiner: " +
                string.Join("; ", fingerprints.Select(g => $"{g.Key} in {string.Join(", ", g)}")) +
                ". Run every shard with the same program and the same --ocr, --to-simplified, --max-file-mb and --max-chars.");
        }
        CheckStages(shards);
        CheckModels(shards);
        CheckSheets(shards);
        return shards;
    }

    // Coding sheets (classify --shard --sheet) are joined when every classified shard wrote one, of one name and kind.
    private static void CheckSheets(List<ShardFolder> shards)
    {
        var classified = shards.Where(s => s.Record.Stages.ContainsKey("classify")).ToList();
        var with = classified.Where(s => s.Record.Stages["classify"].Sheet is not null).ToList();
        if (with.Count == 0)
        {
            return;
        }
        var without = classified.Except(with).ToList();
        if (without.Count > 0)
        {
            throw new InvalidDataException($"coding sheet missing: {string.Join(", ", with)} wrote one ({with[0].Record.Stages["classify"].Sheet}), " +
                $"{string.Join(", ", without)} did not. Run classify of {(without.Count > 1 ? "those shards" : "that shard")} again with the same --sheet (e.g. `policyminer classify … --shard {without[0].Shard} --sheet {Path.GetFileName(with[0].Record.Stages["classify"].Sheet)}`), so that the joined sheet has every document.");
        }
        foreach (var s in with)
        {
            var sheet = Path.Combine(s.Folder, s.Record.Stages["classify"].Sheet!);
            if (!File.Exists(sheet))
            {
                throw new InvalidDataException($"{sheet}: not found, though {Path.Combine(s.Folder, ShardFile.FileName)} lists it as shard {s.Shard}'s coding sheet. Run that shard's classify --sheet again.");
            }
        }
        var names = with.GroupBy(s => Path.GetFileName(s.Record.Stages["classify"].Sheet!), StringComparer.Ordinal).ToList();
        if (names.Count > 1)
        {
            throw new InvalidDataException("the shards' coding sheets have different names: " +
                string.Join("; ", names.Select(g => $"{g.Key} in {string.Join(", ", g)}")) + ". Give every shard the same --sheet file name.");
        }
    }

    private static void CheckStages(List<ShardFolder> shards)
    {
        // A shard without documents may stop after extract (nothing to classify); the others must agree.
        var withDocs = shards.Where(s => s.Documents > 0).ToList();
        var sets = withDocs.GroupBy(s => string.Join(", ", s.Record.Stages.Keys)).ToList();
        if (sets.Count > 1)
        {
            throw new InvalidDataException("the shards did not run the same stages: " +
                string.Join("; ", sets.Select(g => $"{g.Key} in {string.Join(", ", g)}")) +
                ". Run the missing stages of those shards (or the whole shard again) before merging.");
        }
        if (!shards.Any(s => s.Record.Stages.ContainsKey("extract")))
        {
            throw new InvalidDataException($"no shard has extracted documents ({string.Join(", ", shards.Select(s => s.Folder))}): run `extract --shard` or `run --shard` first.");
        }
    }

    private static void CheckModels(List<ShardFolder> shards)
    {
        var classified = shards.Where(s => s.Record.Stages.ContainsKey("classify")).ToList();
        var models = classified.GroupBy(s => (s.Record.Stages["classify"].ModelSha256, s.Record.Stages["classify"].CodebookSha256)).ToList();
        if (models.Count > 1)
        {
            throw new InvalidDataException("the shards were classified with different models: " +
                string.Join("; ", models.Select(g =>
                {
                    var c = g.First().Record.Stages["classify"];
                    return $"{c.ModelSource} {c.ModelPath} (model.zip {c.ModelSha256?[..Math.Min(12, c.ModelSha256.Length)]}" +
                           (c.CodebookSha256 is null ? "" : $", codebook {c.Codebook ?? RunPipeline.BuiltInCodebook} {c.CodebookSha256[..12]}") + $") in {string.Join(", ", g)}";
                })) +
                ". Classify every shard with the same model: re-run the odd ones with the same --model (and --codebook).");
        }
    }
}
