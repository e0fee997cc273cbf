using System.Globalization;
using System.Text.Json;
using PolicyMiner.Classification;
using PolicyMiner.Extraction;
using PolicyMiner.Pipeline;

namespace PolicyMiner.Sharding;

/// <summary>Options of <c>policyminer merge</c>.</summary>
public sealed record MergeOptions
{
    /// <summary>The shard folders, in any order.</summary>
    public required IReadOnlyList<string> Shards { get; init; }

    /// <summary>Output folder: gets the files a single run would have written.</summary>
    public required string Output { get; init; }

    /// <summary>The model folder, when the one recorded by the shards is not found from here (its model.zip must be the one they used).</summary>
    public string? Model { get; init; }

    /// <summary>When another run or merge holds the output folder: wait for it instead of refusing.</summary>
    public bool Wait { get; init; }

    /// <summary>Join the shards' files only, without the export stage (a later <c>run</c> into the folder exports).</summary>
    public bool NoExport { get; init; }
}

/// <summary>What a merge wrote.</summary>
/// <param name="Manifest">The manifest written to <c>OUT/manifest.json</c>.</param>
/// <param name="Documents">Documents in the merged batch.</param>
/// <param name="Errors">Extract error messages of the batch (one per error row), in path order.</param>
public sealed record MergeResult(RunManifest Manifest, int Documents, IReadOnlyList<string> Errors);

/// <summary>
/// <c>policyminer merge SHARD_DIRS… -o OUT</c>: joins the outputs of the shards of one batch (<c>--shard i/n</c>) into
/// the files a single <c>run</c> writes — documents.jsonl/.csv, segmented.jsonl, labeled.csv, review.csv in the single
/// run's order, <c>duplicate_of</c> marked across shards, review ranks over the whole batch — and runs export once
/// (dataset, networks, report). The joins stream (<see cref="SortedMerge"/>); the checks are <see cref="ShardCheck"/>.
/// </summary>
public static class ShardMerge
{
    /// <summary>Runs the merge; problems with the shards throw <see cref="InvalidDataException"/> naming them.</summary>
    public static MergeResult Run(MergeOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        log ??= _ => { };
        var shards = ShardCheck.Load(options.Shards);
        var outFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Output));
        foreach (var s in shards.Where(s => string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(s.Folder)), outFull, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"-o {options.Output} is the folder of shard {s.Shard}; merge into a new folder (e.g. out/merged).");
        }
        var (modelDir, seedBook, source) = ResolveModel(shards, options.Model);
        OutputCheck.EnsureWritable(options.Output, "-o");
        var outDir = options.Output;
        Directory.CreateDirectory(outDir);
        using var runLock = RunLock.Acquire(outDir, options.Wait, log);
        var staging = Path.Combine(outDir, RunPipeline.StagingFolder);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }
        // A merge that fails half-way must not leave a manifest vouching for files it replaced: the old one goes first,
        // the new one is written last (a later `run` into OUT then redoes what it cannot verify).
        File.Delete(Path.Combine(outDir, RunManifest.FileName));
        Directory.CreateDirectory(staging);
        try
        {
            return Join(shards, options, log, outDir, staging, modelDir, seedBook, source);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static MergeResult Join(IReadOnlyList<ShardFolder> shards, MergeOptions options, Action<string> log, string outDir, string staging, string? modelDir, Codebook? seedBook, string source)
    {
        var classifyRecord = shards.Select(s => s.Record.Stages.GetValueOrDefault("classify")).FirstOrDefault(c => c is not null);
        var model = shards.Select(s => s.Manifest?.Model).FirstOrDefault(m => m is not null)
            ?? (classifyRecord is null ? null : new ModelRecord(classifyRecord.ModelSource ?? "given", classifyRecord.ModelPath ?? "", classifyRecord.ModelSha256 ?? ""));
        var n = shards[0].Shard.Count;
        log($"merge: {shards.Count} shards of {n}: {string.Join(", ", shards.Select(s => $"{s.Folder} ({s.Documents} documents)"))}");
        var stages = new List<StageRecord>();

        // documents: path order, duplicate_of across shards
        var documentsPath = Path.Combine(staging, RunPipeline.DocumentsFile);
        var errors = new List<string>();
        var count = 0;
        string? previousPath = null;
        // one entry per distinct content (ContentIndex: 32-byte key, where the first record with it is), not its strings
        var contents = new ContentIndex();
        var extracting = shards.Where(s => s.Record.Stages.ContainsKey("extract")).ToList();
        var files = extracting.Select(s => Path.Combine(s.Folder, s.Record.Stages["extract"].File)).ToList();
        var merged = SortedMerge.Merge(
            files.Select(f => JsonlFile.Lines(f).Select(l => (Doc: JsonlFile.ParseDocument(f, l.LineNumber, l.Line), l.Offset))).ToList(),
            Comparer<(ExtractedDocument Doc, long Offset)>.Create((a, b) => string.CompareOrdinal(a.Doc.Path, b.Doc.Path)));
        DocumentsJsonl.Write(documentsPath, merged.Select(m =>
        {
            var (doc, offset) = m.Item;
            Own(extracting[m.Source], doc.DocId, doc.Path, ref previousPath, doc.Path, n);
            if (doc.IsError)
            {
                errors.Add(doc.Error!);
            }
            // a copy's original is read back from its shard's file (copies are few; the table keeps only where it is)
            return Extractor.Mark(doc, count++, Location(m.Source, offset), contents, location =>
            {
                var (source, at) = (location >> OffsetBits, location & ((1L << OffsetBits) - 1));
                var original = JsonlFile.ParseDocument(files[(int)source], 0, JsonlFile.ReadAt(files[(int)source], at));
                return (original.DocId, original.Path);
            });
        }));
        DocumentsCsv.Write(DocumentsCsv.PathFor(documentsPath), DocumentsJsonl.Read(documentsPath));
        var fingerprint = extracting.Select(s => s.Record.Stages["extract"].Fingerprint).FirstOrDefault(f => f is not null);
        if (fingerprint is not null)
        {
            // the cache list a single run would leave, so a later `run` into OUT reuses these records
            Extractor.WriteCacheIds(documentsPath, fingerprint, contents.MarkedInOrder());
        }
        var batchDocuments = shards.Select(s => s.Record.BatchDocuments).FirstOrDefault(b => b is not null);
        if (batchDocuments is { } expected && expected != count)
        {
            throw new InvalidDataException($"the shards hold {count} documents, but the batch had {expected}: a shard's documents.jsonl is incomplete or was replaced. Run the shards again ({string.Join(", ", shards)}).");
        }
        // stage keys as `run` computes them (RunPipeline.Run), so a `run` with the shards' inputs and options into OUT skips every stage
        var build = shards.Select(s => s.Manifest?.ToolBuild).FirstOrDefault(b => b is not null) ?? RunPipeline.ToolBuild;
        var inputs = shards.SelectMany(s => s.Manifest?.Inputs ?? []).OrderBy(i => i.Path, StringComparer.Ordinal).ToList();
        var documentsHash = RunPipeline.HashFile(documentsPath);
        var extractKey = fingerprint is not null && shards.All(s => s.Manifest is not null) ? RunPipeline.Key(["extract", build, fingerprint], inputs) : "";
        stages.Add(Joined(shards, "extract", staging, extractKey, [RunPipeline.DocumentsFile, Path.GetFileName(DocumentsCsv.PathFor(documentsPath))],
            $"{count} files from {shards.Count} shards, {errors.Count} error rows, {count - errors.Count - contents.Count} byte-identical copies (duplicate_of)"));
        log($"merge: {RunPipeline.DocumentsFile}: {count} documents, {errors.Count} error rows");

        if (shards.Any(s => s.Record.Stages.ContainsKey("segment")))
        {
            var lines = JoinSegmented(shards, Path.Combine(staging, RunPipeline.SegmentedFile), n);
            stages.Add(Joined(shards, "segment", staging, RunPipeline.Key("segment", build, RunPipeline.JiebaKey, documentsHash), [RunPipeline.SegmentedFile], $"{lines} documents from {shards.Count} shards"));
        }
        string? labeledPath = null;
        if (shards.Any(s => s.Record.Stages.ContainsKey("classify")))
        {
            labeledPath = Path.Combine(outDir, RunPipeline.LabeledFile);
            var (rows, flagged) = LabeledJoin.Join(shards, staging, n);
            var cardHash = (modelDir is null ? "" : RunPipeline.HashFile(Path.Combine(modelDir, "model-card.json"))) + (model?.Source == "shipped" ? " " + classifyRecord!.CodebookSha256 : "");
            var classifyKey = model is null ? "" : RunPipeline.Key("classify", build, documentsHash, model.Source, model.Sha256, cardHash);
            stages.Add(Joined(shards, "classify", staging, classifyKey, [RunPipeline.LabeledFile, RunPipeline.ReviewFile],
                string.Create(CultureInfo.InvariantCulture, $"{rows} documents coded ({source}), {flagged} flagged needs_review; joined from {shards.Count} shards")));
        }
        var dataFiles = stages.SelectMany(s => s.Outputs).Select(o => o.Path).ToList();
        if (fingerprint is not null)
        {
            dataFiles.Add(Path.GetFileName(Extractor.CachePathFor(documentsPath)));
        }
        RunPipeline.SwapIn(staging, outDir, dataFiles);
        log($"merge: joined {string.Join(", ", dataFiles)}");
        if (LabeledJoin.JoinSheets(shards, outDir, n) is { } sheet)
        {
            log($"merge: joined the shards' coding sheets into {sheet} (rows in doc_id order, as classify --sheet writes them)");
        }

        if (options.NoExport)
        {
            log("merge: export left out (--no-export); a `run` with the shards' inputs into this folder exports (every other stage is found done)");
            var joined = Manifest(shards, options, stages, errors.Count, build, inputs, model);
            joined.Write(Path.Combine(outDir, RunManifest.FileName));
            return new MergeResult(joined, count, errors);
        }

        // export once, over the whole batch, exactly as run does
        var labelSource = classifyRecord?.ModelSource;
        // run --shard --qdpx records qdpx in its options: the REFI-QDA project is written here, as a single run writes it
        var qdpx = shards.Any(s => s.Manifest?.Options.GetValueOrDefault("qdpx") == "true");
        var exportKey = RunExport.Key(build, documentsHash, labeledPath, modelDir, seedBook, qdpx);
        var export = Stopwatch();
        var (exportSummary, exported) = RunExport.Run(
            Path.Combine(outDir, RunPipeline.DocumentsFile), labeledPath, modelDir, seedBook, qdpx, labelSource == "seed-words", staging, outDir,
            $"policyminer merge {string.Join(" ", options.Shards)} -o {options.Output}",
            line => log("merge: " + line)); // export's lines name their stage ("export: …"), as run logs them
        stages.Add(new StageRecord
        {
            Stage = "export",
            Status = "ran",
            Key = exportKey,
            Seconds = Math.Round(export.Elapsed.TotalSeconds, 2),
            Summary = exportSummary,
            Outputs = exported.Select(o => new HashedFile(o, RunPipeline.HashFile(Path.Combine(outDir, o)))).ToList(),
        });
        var manifest = Manifest(shards, options, stages, errors.Count, build, inputs, model);
        manifest.Write(Path.Combine(outDir, RunManifest.FileName));
        return new MergeResult(manifest, count, errors);
    }

    // A record's place for ContentIndex: the shard (16 bits) and the byte offset in its documents.jsonl (48 bits, 256 TB).
    private const int OffsetBits = 48;

    private static long Location(int source, long offset) => ((long)source << OffsetBits) | offset;

    /// <summary>
    /// Checks that a record of a shard's file belongs to that shard (by its doc_id's hash: so no document is in two shards)
    /// and is not in the file twice (files are sorted by <paramref name="sortKey"/>, so a repeat is the record before).
    /// </summary>
    internal static void Own(ShardFolder shard, string docId, string path, ref string? previousKey, string? sortKey, int n)
    {
        var of = Shard.Of(docId, n);
        if (of != shard.Shard.Index)
        {
            throw new InvalidDataException($"{shard.Folder}: document {docId} ({path}) belongs to shard {of}/{n}, not {shard.Shard}: it would be in two shards, or the folder holds outputs of another shard or split. Run shard {shard.Shard} again into its own folder.");
        }
        if (sortKey is not null && string.Equals(sortKey, previousKey, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{shard.Folder}: document {docId} ({path}) appears twice in the shard's files. Run shard {shard.Shard} again into an empty folder.");
        }
        previousKey = sortKey;
    }

    private static long JoinSegmented(IReadOnlyList<ShardFolder> shards, string output, int n)
    {
        var parts = shards.Where(s => s.Record.Stages.ContainsKey("segment")).ToList();
        string? previousPath = null;
        long lines = 0;
        var merged = SortedMerge.Merge(
            parts.Select(s => SegmentedLines(Path.Combine(s.Folder, s.Record.Stages["segment"].File))).ToList(),
            Comparer<(string Line, string DocId, string Path)>.Create((a, b) => string.CompareOrdinal(a.Path, b.Path)));
        AtomicFile.Write(output, w =>
        {
            foreach (var ((line, docId, path), source) in merged)
            {
                Own(parts[source], docId, path, ref previousPath, path, n);
                w.Write(line);
                w.Write('\n');
                lines++;
            }
        });
        return lines;
    }

    // doc_id and path come first on every line of segmented.jsonl: read just them, keep the line as written.
    private static IEnumerable<(string Line, string DocId, string Path)> SegmentedLines(string path)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }
            // doc_id and path open the line: parse a prefix, not the tokens; the whole line when they are not in it
            (string? DocId, string? Path) found;
            try
            {
                found = line.Length > 4096 ? Ids(System.Text.Encoding.UTF8.GetBytes(line[..4096]), final: false) : (null, null);
                if (found.DocId is null || found.Path is null)
                {
                    found = Ids(System.Text.Encoding.UTF8.GetBytes(line), final: true);
                }
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}: line {number} is not a segmented record ({ex.Message}). Run the shard's segment stage again.", ex);
            }
            if (found.DocId is null || found.Path is null)
            {
                throw new InvalidDataException($"{path}: line {number} has no doc_id or path. Run the shard's segment stage again.");
            }
            yield return (line, found.DocId, found.Path);
        }
    }

    private static (string? DocId, string? Path) Ids(byte[] json, bool final)
    {
        string? docId = null, file = null;
        var reader = new Utf8JsonReader(json, isFinalBlock: final, state: default);
        try
        {
            while ((docId is null || file is null) && reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    var name = reader.GetString();
                    if (!reader.Read())
                    {
                        break;
                    }
                    if (name == "doc_id" && reader.TokenType == JsonTokenType.String)
                    {
                        docId = reader.GetString();
                    }
                    else if (name == "path" && reader.TokenType == JsonTokenType.String)
                    {
                        file = reader.GetString();
                    }
                    else if (!reader.TrySkip())
                    {
                        break;
                    }
                }
            }
        }
        catch (JsonException) when (!final)
        {
            // a prefix cut inside a value: the caller parses the whole line
        }
        return (docId, file);
    }

    private static (string? ModelDir, Codebook? SeedBook, string Source) ResolveModel(IReadOnlyList<ShardFolder> shards, string? given)
    {
        var classify = shards.Select(s => s.Record.Stages.GetValueOrDefault("classify")).FirstOrDefault(c => c is not null);
        if (classify is null)
        {
            return (null, null, "none");
        }
        if (classify.ModelSource == "seed-words")
        {
            var path = classify.Codebook;
            if (path is not null && !File.Exists(path))
            {
                throw new InvalidDataException($"the shards coded with the seed words of {path}, which is not found from here. Run merge from the folder the shards ran in.");
            }
            if (ShardedStages.CodebookSha256(path) != classify.CodebookSha256)
            {
                throw new InvalidDataException($"the codebook {path ?? RunPipeline.BuiltInCodebook} changed since the shards coded with it; run the shards again.");
            }
            return (null, Codebook.LoadOrBuiltIn(path, out _), "seed words");
        }
        var dir = given ?? (classify.ModelSource == "shipped" ? ShippedModels.FieldsDirectory : classify.ModelPath!);
        var zip = Path.Combine(dir, "model.zip");
        if (!File.Exists(zip))
        {
            throw new InvalidDataException($"the model the shards used ({classify.ModelPath}) is not found from here (no {zip}). Give its folder with --model DIR.");
        }
        var hash = RunPipeline.HashFile(zip);
        if (hash != classify.ModelSha256)
        {
            throw new InvalidDataException($"{zip} is not the model the shards used (SHA-256 {hash[..12]}…, the shards' {classify.ModelSha256?[..Math.Min(12, classify.ModelSha256.Length)]}…). Give the model folder they were classified with, with --model DIR.");
        }
        // the shipped model codes `type` from the codebook's seed words: export gets that codebook, as in run
        return classify.ModelSource == "shipped"
            ? (dir, Codebook.LoadOrBuiltIn(classify.Codebook, out _), "shipped model")
            : (dir, null, "model " + classify.ModelPath);
    }

    private static StageRecord Joined(IReadOnlyList<ShardFolder> shards, string stage, string staging, string key, IReadOnlyList<string> outputs, string summary) => new()
    {
        Stage = stage,
        Status = "merged",
        Key = key,
        Seconds = Math.Round(shards.Sum(s => s.Manifest?.Stages.FirstOrDefault(r => r.Stage == stage)?.Seconds ?? 0), 2),
        Summary = summary,
        Outputs = outputs.Select(o => new HashedFile(o, RunPipeline.HashFile(Path.Combine(staging, o)))).ToList(),
    };

    private static RunManifest Manifest(IReadOnlyList<ShardFolder> shards, MergeOptions options, List<StageRecord> stages, int errorRows, string build, List<HashedFile> inputs, ModelRecord? model)
    {
        var first = shards.Select(s => s.Manifest).FirstOrDefault(m => m is not null);
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in first?.Options ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        settings.Remove("shard");
        settings["output"] = options.Output;
        settings["merged_from"] = string.Join(";", shards.Select(s => s.Folder));
        return new RunManifest
        {
            ToolVersion = ClassifierModel.ToolVersion,
            ToolBuild = build,
            Options = settings,
            Inputs = inputs,
            TrainingInputs = first?.TrainingInputs ?? [],
            Model = model,
            Stages = stages,
            ErrorRows = errorRows,
            Complete = true,
        };
    }

    private static System.Diagnostics.Stopwatch Stopwatch() => System.Diagnostics.Stopwatch.StartNew();
}
