using System.CommandLine;
using PolicyMiner.Classification;

namespace PolicyMiner.Cli;

/// <summary><c>policyminer classify</c>: model (or the codebook's seed words) + documents → labeled CSV + review.csv.</summary>
internal static class ClassifyCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string?>("--model") { Description = "Trained model folder (models/<name>/)" };
        var docs = new Option<string>("--docs") { Description = "Documents: folder, documents.jsonl, or CSV/XLSX with doc_id and text columns", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Labeled CSV to write (UTF-8 with BOM); review.csv is written beside it", Required = true };
        var seedWords = new Option<bool>("--seed-words") { Description = "Cold start without a model: code from the codebook's seed words (a weak baseline to bootstrap hand-coding)" };
        var codebook = new Option<string?>("--codebook") { Description = "Codebook JSON for --seed-words (default: the built-in codebook, see `policyminer codebook`)" };
        var textColumns = new Option<string?>("--text-columns") { Description = "CSV/XLSX --docs: text columns, e.g. title,text" };
        var idColumn = ClassificationCli.IdColumnOption();
        var review = new Option<string?>("--review") { Description = "Review ranking file (default: beside the output, review.csv for labeled.csv, else NAME.review.csv for NAME.csv)" };
        var sheet = new Option<string?>("--sheet") { Description = "Also write a coding sheet (.xlsx with drop-downs, or .csv): the machine's codes pre-filled for a person to correct and mark coded; train --labels reads it back (a bare file name goes beside the output)" };
        var evidence = new Option<int>("--evidence")
        {
            Description = "Evidence terms per label in the T_evidence columns: the terms that pushed each decision most (weight × the document's feature value); 0 = none",
            DefaultValueFactory = _ => ClassifierModel.DefaultEvidenceTerms,
        };
        var command = new Command("classify", "Code new documents with a trained model (or --seed-words): labels, probabilities, needs_review, and review.csv.")
        {
            model, docs, output, seedWords, codebook, textColumns, review, idColumn, evidence, sheet,
        };
        var shardOption = ShardOption.Create();
        command.Options.Add(shardOption);
        command.SetAction(parse => ClassificationCli.Guard(console, "classify", () =>
        {
            var shard = ShardOption.Get(parse, shardOption);
            InputDocumentSet Read(IReadOnlyList<string>? columns)
            {
                var read = InputDocuments.Read(parse.GetValue(docs)!, columns, parse.GetValue(idColumn));
                return shard is null ? read : Sharding.ShardedStages.Select(read, shard);
            }
            var outPath = parse.GetValue(output)!;
            var outDir = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
            var reviewPath = parse.GetValue(review) ?? DefaultReviewPath(outPath);
            OutputCheck.EnsureWritableFile(outPath, "-o");
            OutputCheck.EnsureWritableFile(reviewPath, "--review");
            var sheetPath = parse.GetValue(sheet) is { } sp ? (Path.GetDirectoryName(sp) is { Length: > 0 } ? sp : Path.Combine(outDir, sp)) : null;
            if (sheetPath is not null && Path.GetExtension(sheetPath).ToLowerInvariant() is not (".xlsx" or ".csv"))
            {
                throw new ArgumentException($"--sheet {sheetPath}: a coding sheet is .xlsx (drop-downs, for Excel/LibreOffice/WPS) or .csv.");
            }
            if (sheetPath is not null && (Path.GetFullPath(sheetPath) == Path.GetFullPath(outPath) || Path.GetFullPath(sheetPath) == Path.GetFullPath(reviewPath)))
            {
                throw new ArgumentException($"--sheet {sheetPath}: the coding sheet would overwrite the labeled CSV or review file; give it another name (e.g. coding.xlsx).");
            }
            if (sheetPath is not null)
            {
                OutputCheck.EnsureWritableFile(sheetPath, "--sheet");
            }
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Codebook book;
            IReadOnlyList<DocumentPrediction> predictions = [];
            InputDocumentSet documents = new([], []);
            // A documents.jsonl is coded in batches, memory flat in corpus size (StreamingClassify); the coding sheet needs all rows, a shard selects from them.
            var docsPath = parse.GetValue(docs)!;
            var streaming = sheetPath is null && shard is null && File.Exists(docsPath) && Path.GetExtension(docsPath).ToLowerInvariant() is ".jsonl" or ".json";
            Func<IReadOnlyList<InputDocument>, IReadOnlyList<DocumentPrediction>>? classifyBatch = null;
            if (parse.GetValue(seedWords))
            {
                if (parse.GetValue(model) is not null)
                {
                    throw new ArgumentException("--seed-words codes without a model; leave out --model (or leave out --seed-words to use the model).");
                }
                book = Codebook.LoadOrBuiltIn(parse.GetValue(codebook), out var description);
                console.Err.WriteLine($"classify: {description}");
                console.Err.WriteLine("classify: cold start from the codebook's seed words — a weak baseline. " + SeedWordClassifier.ScoreNote);
                var seedWords = new SeedWordClassifier(book);
                classifyBatch = seedWords.Classify;
                if (!streaming)
                {
                    documents = Read(ClassificationCli.TextColumns(parse.GetValue(textColumns)));
                    predictions = seedWords.Classify(documents.Documents);
                }
            }
            else if (parse.GetValue(model) is null)
            {
                // Neither a model nor seed words: the shipped fields model, and seed words for the codebook's other tasks.
                if (!ShippedModels.FieldsAvailable)
                {
                    throw new ArgumentException($"give --model DIR (a folder written by `policyminer train`), or --seed-words for a cold start (the shipped model is missing from {ShippedModels.FieldsDirectory}).");
                }
                var loaded = ClassifierModel.Load(ShippedModels.FieldsDirectory, ClassificationCli.Segmenter, w => console.Err.WriteLine($"classify: warning: {w}"));
                var full = Codebook.LoadOrBuiltIn(parse.GetValue(codebook), out var description);
                console.Err.WriteLine($"classify: {description}");
                book = ShippedModels.OutputCodebook(loaded, full, out var seedTasks);
                classifyBatch = batch => ShippedModels.Classify(loaded, full, batch, out _).Predictions;
                if (!streaming)
                {
                    documents = Read(ClassificationCli.TextColumns(parse.GetValue(textColumns)) ?? loaded.Card.Options.TextColumns);
                    predictions = classifyBatch(documents.Documents);
                }
                console.Err.WriteLine(ShippedModels.Notice("classify", loaded.Card, [.. seedTasks.Select(t => t.Name)]));
            }
            else
            {
                var dir = parse.GetValue(model)!;
                var loaded = ClassifierModel.Load(dir, ClassificationCli.Segmenter, w => console.Err.WriteLine($"classify: warning: {w}"));
                book = loaded.Card.Codebook with { Tasks = loaded.Card.Tasks.Select(t => loaded.Card.Codebook.Find(t.Name)!).ToArray() };
                var terms = parse.GetValue(evidence);
                if (terms < 0)
                {
                    throw new ArgumentException($"--evidence must be 0 (no evidence) or more terms per label; got {terms}.");
                }
                classifyBatch = batch => loaded.Classify(batch, terms);
                if (!streaming)
                {
                    documents = Read(ClassificationCli.TextColumns(parse.GetValue(textColumns)) ?? loaded.Card.Options.TextColumns);
                    predictions = classifyBatch(documents.Documents);
                }
                foreach (var why in terms > 0 ? loaded.EvidenceUnavailable : [])
                {
                    console.Err.WriteLine($"classify: note: no evidence for {why}; its *_evidence column stays empty (linear-svm, lbfgs-maxent, sdca-maxent and lbfgs-logistic models give evidence: retrain with the default trainers).");
                }
            }
            if (streaming)
            {
                var streamed = StreamingClassify.Write(docsPath, book, classifyBatch!, outPath, reviewPath);
                foreach (var w in streamed.Warnings)
                {
                    console.Err.WriteLine($"classify: warning: {w}");
                }
                console.Err.WriteLine($"classify: {streamed.Documents} documents in {watch.Elapsed.TotalSeconds:0.0} s; {streamed.Flagged} flagged needs_review; wrote {outPath} and {reviewPath}");
                return 0;
            }
            foreach (var note in documents.Notes)
            {
                console.Err.WriteLine($"classify: {note}");
            }
            foreach (var w in documents.Warnings)
            {
                console.Err.WriteLine($"classify: warning: {w}");
            }
            LabeledCsv.Write(outPath, book, predictions, documents.Documents);
            LabeledCsv.WriteReview(reviewPath, book, predictions, documents.Documents);
            if (sheetPath is not null)
            {
                CodingSheet.Write(sheetPath, book, documents.Documents, predictions);
            }
            if (shard is not null)
            {
                var (source, modelPath, modelHash, usesCodebook) = parse.GetValue(seedWords)
                    ? ("seed-words", parse.GetValue(codebook) ?? Pipeline.RunPipeline.BuiltInCodebook, Sharding.ShardedStages.CodebookSha256(parse.GetValue(codebook)), true)
                    : parse.GetValue(model) is { } given
                        ? ("given", given, Pipeline.RunPipeline.HashFile(Path.Combine(given, "model.zip")), false)
                        : ("shipped", "models/" + ShippedModels.FieldsName, Pipeline.RunPipeline.HashFile(Path.Combine(ShippedModels.FieldsDirectory, "model.zip")), true);
                Sharding.ShardedStages.RecordClassify(outPath, reviewPath, shard, predictions.Count, source, modelPath, modelHash, parse.GetValue(codebook), usesCodebook, sheetPath);
                console.Err.WriteLine($"classify: shard {shard}: {predictions.Count} documents of this shard; recorded in {Path.Combine(Sharding.ShardFile.FolderOf(outPath), Sharding.ShardFile.FileName)}");
            }
            var flagged = predictions.Count(p => p.NeedsReview);
            console.Err.WriteLine($"classify: {predictions.Count} documents in {watch.Elapsed.TotalSeconds:0.0} s; {flagged} flagged needs_review; wrote {outPath} and {reviewPath}");
            if (sheetPath is not null)
            {
                console.Err.WriteLine($"classify: wrote the coding sheet {sheetPath}: correct the codes in the shaded columns, set status to coded (and your name in coder) on every row you checked, then `policyminer train --labels {Path.GetFileName(sheetPath)} …`; rows left at status machine are never used for training.");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>review.csv beside labeled.csv; NAME.review.csv beside any other NAME.csv, so two classify runs into one folder keep their own review files.</summary>
    internal static string DefaultReviewPath(string outPath)
    {
        var full = Path.GetFullPath(outPath);
        var dir = Path.GetDirectoryName(full)!;
        var name = Path.GetFileNameWithoutExtension(full);
        return Path.Combine(dir, string.Equals(name, "labeled", StringComparison.OrdinalIgnoreCase) ? "review.csv" : name + ".review.csv");
    }
}
