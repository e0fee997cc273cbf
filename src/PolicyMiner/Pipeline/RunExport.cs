using System.Globalization;
using PolicyMiner.Classification;
using PolicyMiner.Export;

namespace PolicyMiner.Pipeline;

/// <summary>
/// The export stage as <c>run</c> and <c>merge</c> both declare it (DESIGN.md: shards and merge reuse the same
/// declarations rather than a second code path): its key, its options and its summary line, so a merged folder's
/// export is the export one run would have made, and a later <c>run</c> into that folder recognises it.
/// </summary>
internal static class RunExport
{
    /// <summary>The stage key: what export's outputs depend on.</summary>
    internal static string Key(string build, string documentsHash, string? labeledPath, string? modelDir, Codebook? book, bool qdpx) =>
        RunPipeline.Key("export", build, documentsHash, labeledPath is null ? "" : RunPipeline.HashFile(labeledPath),
            modelDir is null ? "" : RunPipeline.HashFile(Path.Combine(modelDir, "model-card.json")), RunPipeline.ByFieldTask(modelDir, book) ?? "", qdpx ? "qdpx" : "");

    /// <summary>
    /// Exports into <paramref name="staging"/> (dataset, networks, report; the REFI-QDA project when asked), then swaps
    /// the outputs into <paramref name="outDir"/> together. Returns the manifest summary and the outputs (relative paths).
    /// </summary>
    internal static (string Summary, string[] Outputs) Run(
        string documentsPath, string? labeledPath, string? modelDir, Codebook? book, bool qdpx, bool seedWordScores,
        string staging, string outDir, string commandLine, Action<string> log)
    {
        Directory.CreateDirectory(staging);
        var result = ExportStage.Run(new ExportOptions
        {
            Documents = documentsPath,
            Labeled = labeledPath,
            Model = modelDir,
            Output = staging,
            Network = true,
            ByYear = true,
            ByField = RunPipeline.ByFieldTask(modelDir, book),
            Report = true,
            Qdpx = qdpx ? Path.Combine(staging, RunPipeline.QdpxFile) : null,
            Codebook = book,
            SeedWordScores = seedWordScores,
            CommandLine = commandLine,
        }, log);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{result.Rows} rows; dataset, network{(result.Network is { } n ? $" ({n.Nodes.Count} governments, {n.Edges.Count} ties)" : "")} and report.html");
        var outputs = result.Files.Select(f => Path.GetRelativePath(staging, f).Replace('\\', '/')).ToArray();
        RunPipeline.SwapIn(staging, outDir, outputs);
        return (summary, outputs);
    }
}
