using PolicyMiner.Classification;
using PolicyMiner.Extraction;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Sharding;

/// <summary>
/// The stage verbs with <c>--shard i/n</c>: the same library calls as without, on the shard's documents only, plus a
/// record in <c>shard.json</c> beside the output. Extract collects the FULL input list and gives doc_ids over the whole
/// batch before keeping its own documents, so every document has the doc_id it has in a single run.
/// </summary>
public static class ShardedStages
{
    /// <summary>
    /// <c>extract --shard</c>: collects all inputs, assigns doc_ids over the whole batch, extracts this shard's files into
    /// <paramref name="outputPath"/> (reusing the cache of a previous run of the same shard) and records the shard.
    /// Duplicates (<c>duplicate_of</c>) are marked within the shard; <c>merge</c> marks them again across shards.
    /// </summary>
    public static ExtractBatchResult Extract(Extractor extractor, IEnumerable<string> inputs, string outputPath, Shard shard, IProgress<ExtractProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(outputPath);
        ArgumentNullException.ThrowIfNull(shard);
        var outputFull = Path.GetFullPath(outputPath);
        var all = Extractor.CollectInputs(inputs, out var skipped, f => string.Equals(f, outputFull, StringComparison.Ordinal));
        var mine = shard.Select(all);
        var result = extractor.ExtractBatch(mine, skipped, outputPath, progress, cancellationToken);
        ShardFile.Record(ShardFile.FolderOf(outputPath), shard, "extract",
            new ShardStage { File = Path.GetFileName(outputPath), Documents = result.Documents.Count, Fingerprint = extractor.Fingerprint },
            all.Count, Shard.BatchHash(all.Select(f => f.DocId)));
        return result;
    }

    /// <summary>
    /// <c>segment --shard</c>: segments the documents of <paramref name="documentsPath"/> that belong to the shard (all
    /// of them when it is the shard's own documents.jsonl; this shard's part of a whole batch's documents.jsonl).
    /// </summary>
    public static SegmentResult Segment(string documentsPath, string outputPath, Shard shard, int maxParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var result = SegmentStage.Run(documentsPath, outputPath, maxParallelism, d => shard.Contains(d.DocId));
        ShardFile.Record(ShardFile.FolderOf(outputPath), shard, "segment", new ShardStage { File = Path.GetFileName(outputPath), Documents = result.Documents });
        return result;
    }

    /// <summary>
    /// Records what <c>run --shard</c> wrote (extract, segment and, when it classified, classify) in <c>OUT/shard.json</c>;
    /// export is left to <c>merge</c>, which needs every shard.
    /// </summary>
    internal static void RecordRun(string outDir, Pipeline.RunOptions options, int batchCount, string batchSha256, Pipeline.ModelRecord? model, bool classified, Action<string> log)
    {
        var shard = options.Shard!;
        var documents = File.ReadLines(Path.Combine(outDir, Pipeline.RunPipeline.DocumentsFile)).Count(l => l.Length > 0);
        ShardFile.Record(outDir, shard, "extract", new ShardStage { File = Pipeline.RunPipeline.DocumentsFile, Documents = documents, Fingerprint = new Extractor(options.Extract).Fingerprint }, batchCount, batchSha256);
        ShardFile.Record(outDir, shard, "segment", new ShardStage { File = Pipeline.RunPipeline.SegmentedFile, Documents = documents });
        if (classified && model is not null)
        {
            var labeled = Path.Combine(outDir, Pipeline.RunPipeline.LabeledFile);
            int rows;
            using (var reader = new StreamReader(labeled))
            {
                rows = Csv.Parse(reader).Count() - 1;
            }
            var usesCodebook = options.LabelSource is Pipeline.RunLabelSource.Shipped or Pipeline.RunLabelSource.SeedWords;
            RecordClassify(labeled, Path.Combine(outDir, Pipeline.RunPipeline.ReviewFile), shard, rows, model.Source, model.Path, model.Sha256, options.Codebook, usesCodebook);
        }
        log($"run: shard {shard}: {documents} documents; recorded in {Path.Combine(outDir, ShardFile.FileName)}. Export is left to `policyminer merge` (run it once every shard has finished)");
    }

    /// <summary>The documents of a set that belong to the shard (classify --shard), in their order.</summary>
    public static InputDocumentSet Select(InputDocumentSet documents, Shard shard)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(shard);
        return documents with { Documents = documents.Documents.Where(d => shard.Contains(d.Id)).ToList() };
    }

    /// <summary>SHA-256 of a codebook file, or of the built-in codebook's JSON when <paramref name="path"/> is null.</summary>
    public static string CodebookSha256(string? path) =>
        path is null ? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Codebook.BuiltInJson())) : Pipeline.RunPipeline.HashFile(path);

    /// <summary>Records <c>classify --shard</c>'s outputs (with <paramref name="sheetPath"/>, its coding sheet) and model in <c>shard.json</c> beside the labeled CSV.</summary>
    public static void RecordClassify(string labeledPath, string reviewPath, Shard shard, int documents, string modelSource, string? modelPath, string? modelSha256, string? codebook, bool usesCodebook, string? sheetPath = null)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var folder = ShardFile.FolderOf(labeledPath);
        var review = Path.GetRelativePath(folder, Path.GetFullPath(reviewPath)).Replace('\\', '/');
        var sheet = sheetPath is null ? null : Path.GetRelativePath(folder, Path.GetFullPath(sheetPath)).Replace('\\', '/');
        ShardFile.Record(folder, shard, "classify", new ShardStage
        {
            File = Path.GetFileName(labeledPath),
            ReviewFile = review,
            Sheet = sheet,
            Documents = documents,
            ModelSource = modelSource,
            ModelPath = modelPath?.Replace('\\', '/'),
            ModelSha256 = modelSha256,
            Codebook = codebook?.Replace('\\', '/'),
            CodebookSha256 = usesCodebook ? CodebookSha256(codebook) : null,
        });
    }
}
