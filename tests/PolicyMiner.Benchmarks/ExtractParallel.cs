using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Pdf;
using UglyToad.PdfPig;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// Why -j 2 is (not) faster than -j 1 (issue 13): runs the same files with one and with two threads through each layer
/// of the PDF path (PdfPig alone; PdfReader without and with the timeout worker; the whole extract of a file) and
/// prints wall time, CPU time, lock contentions (<see cref="Monitor.LockContentionCount"/>), GC count and GC pause time.
/// A layer that serializes shows a ratio near 1 with two free cores, many contentions or a large GC pause share.
/// Run: <c>PolicyMiner.Benchmarks extract-parallel FOLDER</c>.
/// </summary>
internal static class ExtractParallel
{
    public static int Run(string[] args)
    {
        // --only NAME-PART: run just the layers whose name contains it (each layer runs the files twice).
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        args = only is null ? args : args.Where(a => a != "--only" && a != only).ToArray();
        var files = args.SelectMany(a => Directory.Exists(a) ? Directory.EnumerateFiles(a, "*.pdf", SearchOption.AllDirectories) : [a])
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine("no PDF files given");
            return 1;
        }
        var noWorker = new ExtractOptions { Ocr = OcrMode.Off, DocumentTimeout = Timeout.InfiniteTimeSpan };
        var withWorker = new ExtractOptions { Ocr = OcrMode.Off };
        var layers = new (string Name, Action<string> Work)[]
        {
            ("PdfPig open + GetPage<GlyphPage>", PdfPigOnly),
            ("PdfReader, no timeout worker", f => PdfReader.Instance.Read(f, noWorker)),
            ("PdfReader, timeout worker", f => PdfReader.Instance.Read(f, withWorker)),
            ("Extractor.ExtractFile, no timeout worker", f => new Extractor(noWorker).ExtractFile(f)),
            ("Extractor.ExtractFile", f => new Extractor(withWorker).ExtractFile(f)),
        };
        Console.WriteLine($"{files.Count} files; cores {Environment.ProcessorCount}; load {File.ReadAllText("/proc/loadavg").Trim()}; server GC {System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine("Thread seconds of the threads that ran the work (the layers without the timeout worker): run = on a CPU,");
        Console.WriteLine("queue = runnable but waiting for a CPU (other programs; with kernel autogroup on, every other login session weighs as");
        Console.WriteLine("much as this one whatever its nice), blocked = j*wall - run - queue (locks, GC suspension, I/O: serialization in the process).");
        Console.WriteLine("layer                                       j | wall s  CPU s  j1/j2 | run  queue blocked | lock contentions  GCs(0/1/2)  GC pause s");
        foreach (var (name, work) in layers.Where(l => only is null || l.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            // Warm-up over all files: tiered JIT compiles the hot code twice (tier 0, then optimised tier 1 on a
            // background thread); without it the -j 1 pass pays for compilation and the ratio flatters -j 2.
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, work);
            double wall1 = 0;
            foreach (var j in new[] { 1, 2 })
            {
                var contention0 = Monitor.LockContentionCount;
                var gc = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
                var pause0 = GC.GetTotalPauseDuration();
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sched0 = ThreadSchedStats();
                var sw = Stopwatch.StartNew();
                var workers = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
                Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = j }, f =>
                {
                    workers.TryAdd(Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget ?? "?"), true);
                    work(f);
                });
                var wall = sw.Elapsed.TotalSeconds;
                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                var sched1 = ThreadSchedStats();
                double run = 0, queue = 0;
                foreach (var (tid, (r, q)) in sched1.Where(t => workers.ContainsKey(t.Key)))
                {
                    var (r0, q0) = sched0.GetValueOrDefault(tid);
                    run += r - r0;
                    queue += q - q0;
                }
                // Only the threads that ran the work (the main thread and pool threads of Parallel.ForEach).
                var blocked = (j * wall) - run - queue;
                wall1 = j == 1 ? wall : wall1;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-43} {j} | {wall,6:0.00} {cpu,6:0.00} {(j == 2 ? (wall1 / wall).ToString("0.00", CultureInfo.InvariantCulture) : ""),6} | {run,4:0.0} {queue,6:0.0} {blocked,7:0.0} | {Monitor.LockContentionCount - contention0,16} {GC.CollectionCount(0) - gc[0],4}/{GC.CollectionCount(1) - gc[1]}/{GC.CollectionCount(2) - gc[2]} {(GC.GetTotalPauseDuration() - pause0).TotalSeconds,10:0.00}"));
            }
        }
        return 0;
    }

    /// <summary>Per live thread: seconds on a CPU and seconds runnable but waiting (/proc/self/task/*/schedstat, ns).</summary>
    private static Dictionary<string, (double Run, double Queue)> ThreadSchedStats()
    {
        var stats = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var f = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                stats[Path.GetFileName(task)] = (long.Parse(f[0], CultureInfo.InvariantCulture) / 1e9, long.Parse(f[1], CultureInfo.InvariantCulture) / 1e9);
            }
            catch (IOException)
            {
                // the thread ended meanwhile
            }
        }
        return stats;
    }

    private static void PdfPigOnly(string file)
    {
        using var document = PdfDocument.Open(file, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        document.AddPageFactory<GlyphPage, GlyphPageFactory>();
        for (var n = 1; n <= document.NumberOfPages; n++)
        {
            _ = document.GetPage<GlyphPage>(n);
        }
    }
}
