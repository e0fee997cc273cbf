using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Classification;
using PolicyMiner.Export;
using PolicyMiner.Export.Qdpx;
using PolicyMiner.Extraction;
using PolicyMiner.Pipeline;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// <c>qdpx</c>: the REFI-QDA project on the 500 coded regulations of ../shared. <c>run</c> (train on their codes,
/// classify with evidence) makes documents.jsonl and labeled.csv once; then export with and without <c>--qdpx</c> (the
/// reference: the same export writing dataset.csv only), and reading the project's hand codes back against reading
/// the coded CSV they came from — with a check that both give the same labels.
/// </summary>
internal static class QdpxBenchmark
{
    public const string Help = "       PolicyMiner.Benchmarks qdpx   REFI-QDA export and read-back on the 500 regulations: docs/s, ratio to the CSV-only export and to reading labels.csv";

    private const int Repeats = 3;

    public static int Run(string shared)
    {
        var root = Path.Combine(shared, "corpora", "regulations");
        var labels = Path.Combine(root, "labels.csv");
        var dir = Path.Combine(Path.GetTempPath(), "pm-qdpx-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            RunPipeline.Run(new RunOptions
            {
                Inputs = [Path.Combine(root, "docs")], Output = dir, LabelSource = RunLabelSource.Train,
                Labels = [labels], TrainDocs = Path.Combine(root, "docs"),
            });
            var options = new ExportOptions
            {
                Documents = Path.Combine(dir, "documents.jsonl"), Labeled = Path.Combine(dir, "labeled.csv"), Coded = labels,
                Model = Path.Combine(dir, "model"), Output = Path.Combine(dir, "x"), Formats = new HashSet<string>(["csv"], StringComparer.Ordinal),
            };
            var project = Path.Combine(dir, "x", "project.qdpx");
            ExportStage.Run(options with { Qdpx = project }); // warm-up
            var csvOnly = Best(() => ExportStage.Run(options));
            var withQdpx = Best(() => ExportStage.Run(options with { Qdpx = project }));
            var book = ClassifierModel.TryReadCard(Path.Combine(dir, "model"))!.Codebook;
            // Where the project's time goes: building project.qde (evidence passages, GUIDs) and the schema check.
            var content = new QdpxContent
            {
                Documents = DocumentsJsonl.Read(options.Documents).ToList(), Codebook = book,
                Machine = LabelTable.Read(options.Labeled!, allowFileKey: false), Hand = CodedLabels.Read([labels], book, []),
            };
            var built = QdpxWriter.Build(content).Project;
            var build = Best(() => QdpxWriter.Build(content));
            var validate = Best(() => QdpxProject.Validate(built));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"of the project: build project.qde {build:0.000} s, schema check {validate:0.000} s, the rest (zip, XML text, reading inputs)"));
            var readCsv = Best(() => CodedLabels.Read([labels], book, []));
            var readProject = Best(() => CodedLabels.Read([project], book, []));
            var fromCsv = CodedLabels.Read([labels], book, []).Rows.ToDictionary(r => r.Key, r => string.Join(";", r.Codes["fields"]), StringComparer.Ordinal);
            var fromProject = CodedLabels.Read([project], book, []).Rows.ToDictionary(r => r.Key, r => string.Join(";", r.Codes["fields"]), StringComparer.Ordinal);
            var same = fromCsv.Count == fromProject.Count && fromCsv.All(kv => fromProject.GetValueOrDefault(kv.Key) == kv.Value);
            var docs = fromCsv.Count;
            var projectSeconds = withQdpx - csvOnly;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"export csv only: {csvOnly:0.000} s; export csv + project.qdpx: {withQdpx:0.000} s (ratio {withQdpx / csvOnly:0.00}); the project alone ≈ {projectSeconds:0.000} s = {docs / Math.Max(projectSeconds, 1e-9):0} docs/s; project {new FileInfo(project).Length / 1024.0 / 1024.0:0.00} MB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"read labels.csv: {readCsv * 1000:0.0} ms; read project.qdpx: {readProject * 1000:0.0} ms (ratio {readProject / readCsv:0.0}); same labels for all {docs} documents: {(same ? "yes" : "NO")}"));
            return same ? 0 : 1;
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>Fastest of <see cref="Repeats"/> runs, in seconds (the machine is shared; the minimum is the least disturbed).</summary>
    private static double Best(Action action)
    {
        var best = double.MaxValue;
        for (var i = 0; i < Repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return best;
    }
}
