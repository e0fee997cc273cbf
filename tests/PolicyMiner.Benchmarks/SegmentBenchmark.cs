using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using PolicyMiner.Segmentation;
using PolicyMiner.Segmentation.Keywords;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// <c>segment</c>: throughput of the jieba port per mode on the shared corpus, with the protocol of
/// ../shared/jieba-gold/README.md — every corpus line segmented separately, dictionary load excluded, 3 runs,
/// median, MB = 10^6 bytes of UTF-8 text without newlines — plus load time and memory, and the same run of Python
/// jieba (python3-jieba) on the same lines with the ratio.
/// </summary>
internal static class SegmentBenchmark
{
    public const string Help =
        "  segment [--corpus FILE] [--lines N] [--runs R] [--no-python]\n" +
        "      jieba throughput per mode (precise HMM / no-HMM, cut_all, search, posseg) on ../shared/jieba-gold/corpus.tsv.gz,\n" +
        "      load time, memory, and Python jieba (/usr/bin/python3 + python3-jieba) on the same lines with the ratio.";

    /// <summary>jieba's README example: 杭研 is found only by the HMM, so the first cut loads the HMM tables.</summary>
    internal const string LoadProbe = "他来到了网易杭研大厦";

    private static readonly (string Name, Action<JiebaTokenizer, string> Cut)[] Modes =
    [
        ("precise-hmm", (j, s) => j.Cut(s)),
        ("precise-nohmm", (j, s) => j.Cut(s, hmm: false)),
        ("cut-all", (j, s) => j.CutAll(s)),
        ("search", (j, s) => j.CutForSearch(s)),
        ("posseg", (j, s) => j.CutWithPos(s)),
    ];

    public static int Run(string[] args)
    {
        string? corpus = null;
        int lineLimit = 0, runs = 3;
        bool python = true;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--corpus" when i + 1 < args.Length: corpus = args[++i]; break;
                case "--lines" when i + 1 < args.Length: lineLimit = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs" when i + 1 < args.Length: runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--no-python": python = false; break;
                default:
                    Console.Error.WriteLine($"error: unknown option '{args[i]}'.\n{Help}");
                    return 1;
            }
        }
        corpus ??= DefaultCorpus();
        if (!File.Exists(corpus))
        {
            Console.Error.WriteLine($"error: corpus '{corpus}' not found; put ../shared beside the checkout or pass --corpus FILE.");
            return 1;
        }
        var lines = ReadCorpus(corpus);
        if (lineLimit > 0 && lineLimit < lines.Count)
        {
            lines = lines.GetRange(0, lineLimit);
        }
        long bytes = lines.Sum(l => (long)Encoding.UTF8.GetByteCount(l));
        double mb = bytes / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus: {corpus}: {lines.Count} lines, {mb:F3} MB (10^6 bytes UTF-8, no newlines); {runs} runs, median; {Environment.ProcessorCount} cores, .NET {Environment.Version}"));

        // Load: the embedded dictionary and HMM (first use of JiebaTokenizer.Default on a sentence whose unknown
        // word 杭研 needs the HMM), then posseg's tables (first CutWithPos of it), then the IDF table — each timed
        // and measured as managed-heap growth after a full GC. The Python run does the same.
        var (jieba, loadMs, loadBytes) = Measure(() =>
        {
            var j = JiebaTokenizer.Default;
            j.Cut(LoadProbe);
            return j;
        });
        var (_, posLoadMs, posLoadBytes) = Measure(() => jieba.CutWithPos(LoadProbe));
        var (idf, idfLoadMs, idfLoadBytes) = Measure(() => IdfTable.Default);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load: dictionary {loadMs:F0} ms, +{loadBytes / 1048576.0:F1} MiB managed heap; posseg tables {posLoadMs:F0} ms, +{posLoadBytes / 1048576.0:F1} MiB; IDF ({idf.Count} words) {idfLoadMs:F0} ms, +{idfLoadBytes / 1048576.0:F1} MiB; process working set {Environment.WorkingSet / 1048576.0:F0} MiB"));

        var results = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, cut) in Modes)
        {
            // One untimed pass over the first 2,000 lines lets the JIT reach its optimised tier first.
            foreach (var line in lines.Take(2000))
            {
                cut(jieba, line);
            }
            var times = new double[runs];
            for (int r = 0; r < runs; r++)
            {
                var sw = Stopwatch.StartNew();
                foreach (var line in lines)
                {
                    cut(jieba, line);
                }
                times[r] = sw.Elapsed.TotalSeconds;
            }
            results[name] = Median(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  C# {name,-14} {mb / results[name],8:F2} MB/s  (median {results[name]:F3} s; runs {string.Join(" ", times.Select(t => t.ToString("F3", CultureInfo.InvariantCulture)))})"));
        }

        if (!python)
        {
            return 0;
        }
        if (!PythonJieba.IsAvailable(out var why))
        {
            Console.WriteLine($"python jieba reference: skipped ({why}).");
            return 0;
        }
        Console.WriteLine("python jieba 0.42.1 reference (/usr/bin/python3, same lines, same protocol; this takes a few minutes)...");
        var py = PythonJieba.Time(lines, runs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load: python jieba.initialize + first cut {py["load"] * 1000:F0} ms (C# {loadMs:F0} ms), posseg import + first cut {py["posseg-load"] * 1000:F0} ms (C# {posLoadMs:F0} ms), import jieba.analyse (IDF) {py["idf-load"] * 1000:F0} ms (C# {idfLoadMs:F0} ms)"));
        Console.WriteLine($"{"mode",-14} {"C# MB/s",9} {"Python MB/s",12} {"ratio",7}");
        foreach (var (name, _) in Modes)
        {
            double cs = mb / results[name], p = mb / py[name];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-14} {cs,9:F2} {p,12:F2} {cs / p,6:F1}x"));
        }
        return 0;
    }

    private static (T Value, double Ms, long Bytes) Measure<T>(Func<T> load)
    {
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var sw = Stopwatch.StartNew();
        var value = load();
        sw.Stop();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(value);
        return (value, sw.Elapsed.TotalMilliseconds, after - before);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string DefaultCorpus()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PolicyMiner.sln")))
        {
            dir = dir.Parent;
        }
        var root = dir?.FullName ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "jieba-gold", "corpus.tsv.gz"));
    }

    /// <summary>corpus.tsv.gz rows are <c>line_id TAB text</c>; any other file is read as plain UTF-8 lines.</summary>
    private static List<string> ReadCorpus(string path)
    {
        bool gold = path.EndsWith(".tsv.gz", StringComparison.Ordinal);
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(gold ? line[(line.IndexOf('\t', StringComparison.Ordinal) + 1)..] : line);
        }
        return lines;
    }
}
