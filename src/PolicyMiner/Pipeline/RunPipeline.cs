using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using PolicyMiner.Classification;
using PolicyMiner.Extraction;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Pipeline;

/// <summary>What a run produced.</summary>
/// <param name="Manifest">The manifest written to <c>&lt;out&gt;/manifest.json</c>.</param>
/// <param name="DocumentsPath"><c>&lt;out&gt;/documents.jsonl</c> (error rows are in it and in documents.csv).</param>
/// <param name="Errors">The extract error messages (one per error row), sorted by path.</param>
public sealed record RunResult(RunManifest Manifest, string DocumentsPath, IReadOnlyList<string> Errors);

/// <summary>
/// <c>policyminer run</c>: extract → segment → (train) → classify → export into one folder, calling the same library code as
/// the stage verbs. Resumable: each stage has a key (SHA-256 over its input hashes, options, model hash and the tool
/// build); a stage whose key equals the one in the previous <c>manifest.json</c> and whose outputs still have the
/// recorded hashes is skipped, so a re-run on unchanged input reads no document and rewrites no data file.
/// The segment stage writes segmented.jsonl for the user; train/classify cut the text again inside their features.
/// </summary>
public static class RunPipeline
{
    /// <summary>Extract output inside the run folder.</summary>
    public const string DocumentsFile = "documents.jsonl";

    /// <summary>Segment output inside the run folder.</summary>
    public const string SegmentedFile = "segmented.jsonl";

    /// <summary>Classify output inside the run folder.</summary>
    public const string LabeledFile = "labeled.csv";

    /// <summary>Review ranking inside the run folder.</summary>
    public const string ReviewFile = "review.csv";

    /// <summary>Folder of the model trained by a run with labels.</summary>
    public const string ModelFolder = "model";

    /// <summary>How the manifest names the built-in codebook (no <c>--codebook</c>) among the training inputs and options.</summary>
    public const string BuiltInCodebook = "(built-in codebook)";

    /// <summary>Tool build: informational version + module version id of this library.</summary>
    public static string ToolBuild
    {
        get
        {
            var assembly = typeof(RunPipeline).Assembly;
            return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion + " " +
                   assembly.ManifestModule.ModuleVersionId.ToString("N");
        }
    }

    /// <summary>
    /// Runs the pipeline. Bad options or inputs throw <see cref="InvalidDataException"/>, <see cref="ArgumentException"/>,
    /// <see cref="CodebookException"/> or <see cref="ModelLoadException"/> with a message for the user; broken documents
    /// become error rows (see <see cref="RunResult.Errors"/>).
    /// </summary>
    public static RunResult Run(RunOptions options, Action<string>? log = null, IProgress<ExtractProgress>? extractProgress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        log ??= _ => { };
        Validate(options);
        OutputCheck.EnsureWritable(options.Output, "-o");
        var outDir = options.Output;
        Directory.CreateDirectory(outDir);
        using var runLock = RunLock.Acquire(outDir, options.Wait, log);
        RemoveLeftovers(outDir, log);
        var manifestPath = Path.Combine(outDir, RunManifest.FileName);
        var previous = RunManifest.TryRead(manifestPath);
        var build = ToolBuild;
        var stages = new List<StageRecord>();
        ModelRecord? model = null;
        var trainingInputs = new List<HashedFile>();
        IReadOnlyList<HashedFile> inputs = [];
        // The manifest is rewritten after every stage (complete = false until the end): a killed run resumes from the
        // last finished stage, and the folder always says which outputs belong together.
        RunManifest Manifest(bool complete, int errorRows) => new()
        {
            ToolVersion = ClassifierModel.ToolVersion,
            ToolBuild = build,
            Options = OptionsDictionary(options),
            Inputs = inputs,
            TrainingInputs = trainingInputs,
            Model = model,
            Stages = [.. stages],
            Shard = options.Shard?.ToString(),
            ErrorRows = errorRows,
            Complete = complete,
        };
        void Finished(StageRecord stage)
        {
            stages.Add(stage);
            Manifest(complete: false, errorRows: 0).Write(manifestPath);
        }
        var staging = Path.Combine(outDir, StagingFolder);

        // extract
        var documentsPath = Path.Combine(outDir, DocumentsFile);
        var documentsFull = Path.GetFullPath(documentsPath);
        var outFull = Path.GetFullPath(outDir) + Path.DirectorySeparatorChar;
        var files = Extractor.CollectInputs(options.Inputs, out var skippedFiles,
            f => f.StartsWith(outFull, StringComparison.Ordinal) || string.Equals(f, documentsFull, StringComparison.Ordinal));
        if (files.Count == 0)
        {
            throw new InvalidDataException($"no documents found in {string.Join(", ", options.Inputs)} (looked for {string.Join(" ", Extractor.DocumentExtensions)}). Give files or folders of documents.");
        }
        var batch = (Count: files.Count, Sha256: options.Shard is null ? "" : Sharding.Shard.BatchHash(files.Select(f => f.DocId)));
        if (options.Shard is { } shard)
        {
            files = shard.Select(files); // doc_ids were given over the whole batch above: the same ids as a single run
            log($"run: shard {shard}: {files.Count} of the batch's {batch.Count} documents");
        }
        inputs = files.Select(f => new HashedFile(f.Path.Replace('\\', '/'), f.Problem is null ? HashInput(f.Path) : "unreadable: " + f.Problem)).ToList();
        var extractor = new Extractor(options.Extract);
        if (skippedFiles.Count > 0)
        {
            log($"run: extract: {skippedFiles.Count} files in the input folders are not documents and were skipped");
        }
        Finished(Stage(previous, outDir, "extract", Key(["extract", build, extractor.Fingerprint], inputs), log, () =>
        {
            var result = extractor.ExtractBatch(files, skippedFiles, documentsPath, extractProgress);
            DocumentsCsv.Write(DocumentsCsv.PathFor(documentsPath), result.Documents);
            if (result.Workers is { } workers)
            {
                log($"run: extract: {workers}"); // as `extract` says it: how many worker processes, limits, replacements
            }
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{result.Documents.Count} files: {result.Documents.Count - result.Reused} extracted, {result.Reused} unchanged files reused, {result.Failed} error rows, {result.Duplicates} byte-identical copies (duplicate_of)");
            return (summary, [DocumentsFile, Path.GetFileName(DocumentsCsv.PathFor(documentsPath))]);
        }));
        var documentsHash = HashFile(documentsPath);

        // segment: words + offsets for the user's own analyses (train/classify cut the text again for their features)
        var jieba = JiebaKey;
        Finished(Stage(previous, outDir, "segment", Key("segment", build, jieba, documentsHash), log, () =>
        {
            var result = SegmentStage.Run(documentsPath, Path.Combine(outDir, SegmentedFile), options.Extract.MaxParallelism);
            return (string.Create(CultureInfo.InvariantCulture, $"{result.Documents - result.ErrorRows} documents, {result.Tokens} tokens"), [SegmentedFile]);
        }));

        // train (labels) / model / seed words
        string? modelDir = null;
        Codebook? book = null;
        switch (options.LabelSource)
        {
            case RunLabelSource.Train:
            {
                var trainBook = Codebook.LoadOrBuiltIn(options.Codebook, out var codebookDescription);
                log($"run: train: {codebookDescription}");
                trainingInputs.AddRange(HashTree(options.TrainDocs!));
                trainingInputs.AddRange(options.Labels.Select(l => new HashedFile(l.Replace('\\', '/'), HashFile(l))));
                trainingInputs.Add(CodebookInput(options.Codebook));
                modelDir = Path.Combine(outDir, ModelFolder);
                var dir = modelDir;
                Finished(Stage(previous, outDir, "train", Key(["train", build, jieba, options.Seed.ToString(CultureInfo.InvariantCulture)], trainingInputs), log, () =>
                {
                    var coded = CodedLabels.Read(options.Labels, trainBook, []);
                    var documents = InputDocuments.Read(options.TrainDocs!);
                    foreach (var file in coded.Files)
                    {
                        log($"run: train: {file}");
                    }
                    var set = TrainingSet.Join(documents, coded);
                    foreach (var note in coded.Notes.Concat(documents.Notes))
                    {
                        log($"run: train: {note}");
                    }
                    log($"run: train: {set.Matching}");
                    foreach (var w in set.Warnings)
                    {
                        log($"run: train: warning: {w}");
                    }
                    var trained = ClassifierModel.Train(set, new TrainOptions
                    {
                        Name = ModelFolder,
                        Seed = options.Seed,
                        LabelFiles = options.Labels.Select(l => Path.GetFileName(l)).ToArray(),
                    }, Segmenters.Jieba, ClassifierModel.TryReadCard(dir), m => log("run: " + m));
                    trained.Save(Path.Combine(staging, ModelFolder));
                    string[] outputs = [ModelFolder + "/model.zip", ModelFolder + "/model-card.json"];
                    SwapIn(staging, outDir, outputs);
                    var summary = string.Create(CultureInfo.InvariantCulture,
                        $"{set.Examples.Count} coded documents; tasks {string.Join(", ", trained.Card.Tasks.Select(t => $"{t.Name} ({t.Trainer}, CV macro-F1 {t.Metrics?.MacroF1:0.000})"))}");
                    return (summary, outputs);
                }));
                model = new ModelRecord("trained", ModelFolder, HashFile(Path.Combine(modelDir, "model.zip")));
                break;
            }
            case RunLabelSource.Model:
                modelDir = options.Model!;
                if (!File.Exists(Path.Combine(modelDir, "model.zip")))
                {
                    throw new ModelLoadException($"--model {modelDir}: no model.zip there. Give a folder written by `policyminer train`, or use --labels to train one.");
                }
                model = new ModelRecord("given", modelDir.Replace('\\', '/'), HashFile(Path.Combine(modelDir, "model.zip")));
                break;
            case RunLabelSource.Shipped:
            {
                if (!ShippedModels.FieldsAvailable)
                {
                    throw new ModelLoadException($"the shipped model is missing from {ShippedModels.FieldsDirectory}; give --model DIR, --labels CODED.csv with --train-docs, or --seed-words.");
                }
                modelDir = ShippedModels.FieldsDirectory;
                book = Codebook.LoadOrBuiltIn(options.Codebook, out var codebookDescription);
                log($"run: classify: {codebookDescription}");
                model = new ModelRecord("shipped", "models/" + ShippedModels.FieldsName, HashFile(Path.Combine(modelDir, "model.zip")));
                trainingInputs.Add(CodebookInput(options.Codebook));
                break;
            }
            case RunLabelSource.SeedWords:
            {
                book = Codebook.LoadOrBuiltIn(options.Codebook, out var codebookDescription);
                log($"run: classify: {codebookDescription}");
                log("run: classify: seed words (--seed-words), a weak baseline. " + SeedWordClassifier.ScoreNote);
                var input = CodebookInput(options.Codebook);
                model = new ModelRecord("seed-words", input.Path, input.Sha256);
                break;
            }
        }

        // classify (segmentation happens here, inside the features)
        string? labeledPath = null;
        if (model is not null && options.Shard is not null && !DocumentsJsonl.Read(documentsPath).Any(d => !d.IsError))
        {
            log($"run: classify: shard {options.Shard} holds no readable document; nothing to classify");
        }
        else if (model is not null)
        {
            labeledPath = Path.Combine(outDir, LabeledFile);
            var cardHash = (modelDir is null ? "" : HashFile(Path.Combine(modelDir, "model-card.json"))) + (options.LabelSource == RunLabelSource.Shipped ? " " + CodebookInput(options.Codebook).Sha256 : "");
            Finished(Stage(previous, outDir, "classify", Key("classify", build, documentsHash, model.Source, model.Sha256, cardHash), log, () =>
            {
                // documents.jsonl is coded in batches, memory flat in corpus size (StreamingClassify)
                Func<IReadOnlyList<InputDocument>, IReadOnlyList<DocumentPrediction>> classify;
                Codebook labelBook;
                if (options.LabelSource == RunLabelSource.Shipped)
                {
                    var loaded = ClassifierModel.Load(modelDir!, Segmenters.Jieba, w => log("run: classify: warning: " + w));
                    labelBook = ShippedModels.OutputCodebook(loaded, book!, out var seedTasks);
                    classify = batch => ShippedModels.Classify(loaded, book!, batch, out _).Predictions;
                    log(ShippedModels.Notice("run: classify", loaded.Card, [.. seedTasks.Select(t => t.Name)]));
                }
                else if (modelDir is null)
                {
                    labelBook = book!;
                    classify = new SeedWordClassifier(labelBook).Classify;
                }
                else
                {
                    var loaded = ClassifierModel.Load(modelDir, Segmenters.Jieba, w => log("run: classify: warning: " + w));
                    labelBook = loaded.Card.Codebook with { Tasks = loaded.Card.Tasks.Select(t => loaded.Card.Codebook.Find(t.Name)!).ToArray() };
                    classify = batch => loaded.Classify(batch);
                    foreach (var why in loaded.EvidenceUnavailable)
                    {
                        log($"run: classify: note: no evidence for {why}; the *_evidence columns stay empty for it.");
                    }
                }
                var coded = StreamingClassify.Write(documentsPath, labelBook, classify, Path.Combine(staging, LabeledFile), Path.Combine(staging, ReviewFile));
                SwapIn(staging, outDir, [LabeledFile, ReviewFile]);
                var summary = string.Create(CultureInfo.InvariantCulture,
                    $"{coded.Documents} documents coded ({coded.Warnings.Count} extract error rows left out), {coded.Flagged} flagged needs_review");
                return (summary, [LabeledFile, ReviewFile]);
            }));
        }

        if (options.Shard is not null)
        {
            Sharding.ShardedStages.RecordRun(outDir, options, batch.Count, batch.Sha256, model, labeledPath is not null && File.Exists(labeledPath), log);
            var shardErrors = DocumentsJsonl.Read(documentsPath).Where(d => d.IsError).Select(d => d.Error!).ToList();
            var shardManifest = Manifest(complete: true, errorRows: shardErrors.Count);
            shardManifest.Write(manifestPath);
            return new RunResult(shardManifest, documentsPath, shardErrors);
        }

        // export
        var exportKey = RunExport.Key(build, documentsHash, labeledPath, modelDir, book, options.Qdpx);
        Finished(Stage(previous, outDir, "export", exportKey, log, () => RunExport.Run(
            documentsPath, labeledPath, modelDir, book, options.Qdpx, options.LabelSource == RunLabelSource.SeedWords, staging, outDir,
            "policyminer run (" + string.Join("; ", OptionsDictionary(options).Select(kv => kv.Key + " = " + kv.Value)) + ")",
            line => log("run: " + line))));

        var errors = DocumentsJsonl.Read(documentsPath).Where(d => d.IsError).Select(d => d.Error!).ToList();
        var manifest = Manifest(complete: true, errorRows: errors.Count);
        manifest.Write(manifestPath);
        return new RunResult(manifest, documentsPath, errors);
    }

    /// <summary>The REFI-QDA project <c>run --qdpx</c> writes into the run folder.</summary>
    public const string QdpxFile = "project.qdpx";

    /// <summary>Folder inside the run folder where a stage writes its outputs before they are swapped in together.</summary>
    public const string StagingFolder = ".staging";

    /// <summary>
    /// Moves a stage's outputs from the staging folder into the run folder, one rename each (no copying), after ALL of
    /// them were written: a kill while the stage works leaves the previous outputs untouched, never half old, half new.
    /// </summary>
    internal static void SwapIn(string staging, string outDir, IReadOnlyList<string> outputs)
    {
        foreach (var output in outputs)
        {
            var target = Path.Combine(outDir, output);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
            File.Move(Path.Combine(staging, output), target, overwrite: true);
        }
        Directory.Delete(staging, recursive: true);
    }

    /// <summary>
    /// Removes what a killed run left behind (we hold the lock, so nothing else is writing here): temporary files of
    /// <see cref="AtomicFile"/> (<c>.NAME.PID.GUID.tmp</c>) and a stage's unfinished staging folder.
    /// </summary>
    private static void RemoveLeftovers(string outDir, Action<string> log)
    {
        var removed = 0;
        var staging = Path.Combine(outDir, StagingFolder);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
            removed++;
        }
        foreach (var temp in Directory.EnumerateFiles(outDir, ".*.tmp", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }))
        {
            File.Delete(temp);
            removed++;
        }
        if (removed > 0)
        {
            log($"run: removed {removed} unfinished temporary file(s) left by an interrupted run");
        }
    }

    private static void Validate(RunOptions options)
    {
        if (options.Shard is { } shard && options.LabelSource == RunLabelSource.Train)
        {
            throw new ArgumentException($"run --shard {shard} cannot train: training stays one job (it is small), and every shard must classify with the same model. " +
                "Train first (`policyminer train --labels CODED.csv --docs DOCS --model MODEL_DIR`), then run each shard with --model MODEL_DIR " +
                "(or leave out --labels to use the shipped fields model, or give --seed-words or --no-labels).");
        }
        if (options.Inputs.Count == 0)
        {
            throw new ArgumentException("give at least one document file or folder to run on.");
        }
        switch (options.LabelSource)
        {
            case RunLabelSource.Model when string.IsNullOrEmpty(options.Model):
                throw new ArgumentException("--model needs a model folder (written by `policyminer train`).");
            case RunLabelSource.Train when options.Labels.Count == 0:
                throw new ArgumentException("training needs --labels CODED.csv.");
            case RunLabelSource.Train when string.IsNullOrEmpty(options.TrainDocs):
                throw new ArgumentException("--labels needs --train-docs: the coded documents (a folder of .txt/.md, a documents.jsonl from `policyminer extract`, or a CSV/XLSX with doc_id and text).");
            case RunLabelSource.Train:
                foreach (var l in options.Labels.Where(l => !File.Exists(l)))
                {
                    throw new InvalidDataException($"--labels {l}: file not found. Give the hand-coded CSV (doc_id or file column, one column per task).");
                }
                if (!File.Exists(options.TrainDocs) && !Directory.Exists(options.TrainDocs))
                {
                    throw new InvalidDataException($"--train-docs {options.TrainDocs}: no such file or folder.");
                }
                break;
        }
        if (options.LabelSource is RunLabelSource.Train or RunLabelSource.SeedWords or RunLabelSource.Shipped && options.Codebook is { } codebook && !File.Exists(codebook))
        {
            throw new InvalidDataException($"--codebook {codebook}: file not found. Give an existing codebook JSON (`policyminer codebook --init codebook.json` writes the built-in one to edit), or leave --codebook out to use the built-in codebook.");
        }
    }

    internal static string? ByFieldTask(string? modelDir, Codebook? seedBook)
    {
        IEnumerable<(string Name, bool Multi)> tasks = [];
        if (modelDir is not null && ClassifierModel.TryReadCard(modelDir) is { } card)
        {
            tasks = card.Tasks.Select(t => (t.Name, t.Kind == "multilabel"));
        }
        else if (seedBook is not null)
        {
            tasks = seedBook.Tasks.Select(t => (t.Name, t.TaskKind == TaskKind.Multilabel));
        }
        var list = tasks.ToList();
        return list.FirstOrDefault(t => t.Multi).Name ?? list.FirstOrDefault().Name;
    }

    private static StageRecord Stage(RunManifest? previous, string outDir, string stage, string key, Action<string> log, Func<(string Summary, IReadOnlyList<string> Outputs)> run)
    {
        var before = previous?.Stages.FirstOrDefault(s => s.Stage == stage);
        if (before is not null && before.Key == key && before.Outputs.Count > 0 && before.Outputs.All(o => Intact(outDir, o)))
        {
            log($"run: {stage}: skipped — inputs, options, model and tool build unchanged since the last run ({before.Summary})");
            return before with { Status = "skipped" };
        }
        log($"run: {stage}: started");
        var watch = Stopwatch.StartNew();
        var (summary, outputs) = run();
        var seconds = Math.Round(watch.Elapsed.TotalSeconds, 2);
        log(string.Create(CultureInfo.InvariantCulture, $"run: {stage}: done in {seconds:0.0} s — {summary}"));
        return new StageRecord
        {
            Stage = stage,
            Status = "ran",
            Key = key,
            Seconds = seconds,
            Summary = summary,
            Outputs = outputs.Select(o => new HashedFile(o, HashFile(Path.Combine(outDir, o)))).ToList(),
        };
    }

    private static bool Intact(string outDir, HashedFile output)
    {
        var path = Path.Combine(outDir, output.Path);
        return File.Exists(path) && HashFile(path) == output.Sha256;
    }

    private static SortedDictionary<string, string> OptionsDictionary(RunOptions o)
    {
        var d = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["inputs"] = string.Join(";", o.Inputs),
            ["output"] = o.Output,
            ["labels_from"] = o.LabelSource switch { RunLabelSource.Model => "model", RunLabelSource.Train => "train", RunLabelSource.SeedWords => "seed-words", RunLabelSource.Shipped => "shipped model + seed words", _ => "none" },
            ["ocr"] = o.Extract.Ocr.ToString().ToLowerInvariant(),
            ["to_simplified"] = o.Extract.ToSimplified ? "true" : "false",
        };
        if (o.Shard is not null)
        {
            d["shard"] = o.Shard.ToString();
        }
        if (o.Qdpx)
        {
            d["qdpx"] = "true";
        }
        if (o.Model is not null)
        {
            d["model"] = o.Model;
        }
        if (o.LabelSource == RunLabelSource.Train)
        {
            d["labels"] = string.Join(";", o.Labels);
            d["train_docs"] = o.TrainDocs!;
            d["seed"] = o.Seed.ToString(CultureInfo.InvariantCulture);
        }
        if (o.LabelSource is RunLabelSource.Train or RunLabelSource.SeedWords or RunLabelSource.Shipped)
        {
            d["codebook"] = o.Codebook ?? BuiltInCodebook;
        }
        return d;
    }

    // The codebook as a hashed input: the file, or the embedded JSON (a new build with another codebook changes the key).
    private static HashedFile CodebookInput(string? path) =>
        path is null
            ? new HashedFile(BuiltInCodebook, Convert.ToHexStringLower(SHA256.HashData(Codebook.BuiltInJson())))
            : new HashedFile(path.Replace('\\', '/'), HashFile(path));

    private static IEnumerable<HashedFile> HashTree(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                .Order(StringComparer.Ordinal).Select(f => new HashedFile(f.Replace('\\', '/'), HashInput(f)))
            : [new HashedFile(path.Replace('\\', '/'), HashFile(path))];

    /// <summary>The segmenter as it enters the segment and train keys.</summary>
    internal static string JiebaKey => $"{Segmenters.Jieba.Name} {Segmenters.Jieba.Version} {Segmenters.Jieba.DictionarySha256}";

    internal static string Flatten(IEnumerable<HashedFile> files) => string.Join("\n", files.Select(f => f.Path + "\t" + f.Sha256));

    internal static string Key(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u0001", parts))));

    /// <summary>
    /// The key of <paramref name="parts"/> followed by the <see cref="Flatten"/>ed <paramref name="files"/> — the same
    /// value as <c>Key([..parts, Flatten(files)])</c>, hashed as it goes instead of building the flattened string
    /// (26 MB, twice, for 100,000 inputs).
    /// </summary>
    internal static string Key(IReadOnlyList<string> parts, IEnumerable<HashedFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
        foreach (var part in parts)
        {
            Add(part);
            Add("\u0001");
        }
        var first = true;
        foreach (var f in files)
        {
            Add(first ? f.Path : "\n" + f.Path);
            Add("\t" + f.Sha256);
            first = false;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// An input's hash for a stage key, never throwing and never opening what could block: a file of length 0 (also
    /// what pipes and devices report) is not opened; a file that cannot be read gets a marker (extract makes its error row).
    /// </summary>
    internal static string HashInput(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return !info.Exists ? "missing" : info.Length == 0 ? "empty" : HashFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable: " + ex.Message;
        }
    }

    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
