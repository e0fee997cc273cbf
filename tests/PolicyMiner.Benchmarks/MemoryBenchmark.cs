using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// <c>memory</c> benchmark (issue 15, "memory flat in corpus size"): peak resident memory of the extract, classify and
/// export stages as child processes of the built CLI, on N short documents, for several N. The documents are real
/// text recombined: each is a title and 3–7 articles (sentences/paragraphs) drawn from the 500 State Council
/// regulations in ../shared/corpora/regulations (a deterministic generator per document number, so every document is
/// distinct and the same N gives the same corpus). Peak RSS is the kernel's maximum resident set size of the child
/// (ru_maxrss, read by <c>/usr/bin/time -f %M</c>, Debian package <c>time</c>), so nothing is sampled or missed.
/// The verdict is the ratio largest N / smallest N per stage; the target is ≤ 1.3.
/// </summary>
internal static class MemoryBenchmark
{
    public const string Help =
        "       PolicyMiner.Benchmarks memory [--sizes 10000,100000] [--cli PATH] [--work DIR] [--stages extract,extract-inproc,classify,export,merge]   peak RSS and docs/s per stage (child processes, /usr/bin/time), ratio largest/smallest N";

    private static readonly string[] AllStages = ["extract", "extract-inproc", "classify", "export", "merge"];

    /// <summary>Stages measured when --stages is not given (extract-inproc and merge on request).</summary>
    private static readonly string[] DefaultStages = ["extract", "classify", "export"];

    /// <summary>Shards the merge stage splits the corpus into (each extracted with <c>extract --shard i/3</c>, not measured).</summary>
    private const int MergeShards = 3;

    public static int Run(string shared, string[] args)
    {
        var sizes = new List<int> { 10_000, 100_000 };
        var cli = Path.GetFullPath(Path.Combine("src", "PolicyMiner.Cli", "bin", "Release", "net10.0", "PolicyMiner.Cli"));
        var work = Path.Combine(Path.GetTempPath(), "pm-memory");
        var stages = DefaultStages.ToList();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sizes" when i + 1 < args.Length:
                    sizes = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
                    break;
                case "--cli" when i + 1 < args.Length:
                    cli = Path.GetFullPath(args[++i]);
                    cli = Directory.Exists(cli) ? Path.Combine(cli, "PolicyMiner.Cli") : cli;
                    break;
                case "--work" when i + 1 < args.Length:
                    work = Path.GetFullPath(args[++i]);
                    break;
                case "--stages" when i + 1 < args.Length:
                    stages = args[++i].Split(',').ToList();
                    break;
                default:
                    Console.Error.WriteLine(Help);
                    return 2;
            }
        }
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"memory: {cli}: no CLI there; build first (dotnet build PolicyMiner.sln -c Release) or pass --cli PATH.");
            return 2;
        }
        if (!File.Exists("/usr/bin/time"))
        {
            Console.Error.WriteLine("memory: /usr/bin/time is missing (it reads the children's peak RSS); install the Debian package `time`.");
            return 2;
        }
        var pool = SentencePool.Load(Path.Combine(shared, "corpora", "regulations", "docs"));
        Console.Error.WriteLine($"memory: {pool.Articles.Count} articles and {pool.Titles.Count} titles from the regulations; CLI {cli}");
        var results = new List<(string Stage, int Docs, double PeakMb, double Seconds)>();
        foreach (var n in sizes)
        {
            var dir = Path.Combine(work, n.ToString(CultureInfo.InvariantCulture));
            var docs = Path.Combine(dir, "docs");
            var output = Path.Combine(dir, "out");
            var chars = Generate(pool, docs, n);
            Console.Error.WriteLine($"memory: {n} documents in {docs} ({chars / 1e6:0.0} M characters)");
            if (Directory.Exists(output) && (stages.Contains("extract") || stages.Contains("extract-inproc")))
            {
                Directory.Delete(output, recursive: true); // no cache reuse: every run extracts everything
            }
            Directory.CreateDirectory(output);
            var jsonl = Path.Combine(output, "documents.jsonl");
            var labeled = Path.Combine(output, "labeled.csv");
            var argsOf = new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["extract"] = ["extract", docs, "-o", jsonl, "--ocr", "off"],
                ["extract-inproc"] = ["extract", docs, "-o", jsonl, "--ocr", "off", "--in-process"],
                // no --model: the shipped fields model (models/fields-regulations) + seed words for the type task, as `run` does
                ["classify"] = ["classify", "--docs", jsonl, "-o", labeled],
                ["export"] = ["export", "--docs", jsonl, "--labels", labeled, "--model", Path.GetFullPath(Path.Combine("models", "fields-regulations")),
                    "-o", Path.Combine(output, "export"), "--network", "--by-year", "--by-field", "fields", "--report"],
                // the join alone (export is the export stage's row): the shards below are made first, unmeasured
                ["merge"] = ["merge", .. ShardFolders(output), "-o", Path.Combine(output, "merged"), "--no-export"],
            };
            foreach (var stage in AllStages.Where(stages.Contains))
            {
                if (stage == "merge" && !MakeShards(cli, docs, output))
                {
                    return 1;
                }
                if (stage.StartsWith("extract", StringComparison.Ordinal))
                {
                    // no cache reuse: each extract variant extracts everything
                    File.Delete(jsonl);
                    File.Delete(Path.ChangeExtension(jsonl, ".extract-cache.json"));
                }
                var (peak, seconds, exit) = Measure(cli, argsOf[stage], Path.Combine(dir, stage + ".log"));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"memory: {stage,-8} N={n,7}: peak RSS {peak,7:0.0} MB, {seconds,7:0.0} s, {n / seconds,7:0} docs/s (exit {exit})"));
                if (exit is not (0 or 1))
                {
                    Console.Error.WriteLine($"memory: {stage} failed (exit {exit}); see {Path.Combine(dir, stage + ".log")}");
                    return 1;
                }
                results.Add((stage, n, peak, seconds));
            }
        }
        PrintTable(results, sizes);
        return 0;
    }

    private static string[] ShardFolders(string output) =>
        [.. Enumerable.Range(1, MergeShards).Select(i => Path.Combine(output, "shards", "s" + i.ToString(CultureInfo.InvariantCulture)))];

    /// <summary>Extracts the corpus as <see cref="MergeShards"/> shards (worker processes, as a cluster job would), unless already there.</summary>
    private static bool MakeShards(string cli, string docs, string output)
    {
        var folders = ShardFolders(output);
        for (var i = 0; i < folders.Length; i++)
        {
            var jsonl = Path.Combine(folders[i], "documents.jsonl");
            if (File.Exists(Path.Combine(folders[i], "shard.json")) && File.Exists(jsonl))
            {
                continue;
            }
            Directory.CreateDirectory(folders[i]);
            var shard = string.Create(CultureInfo.InvariantCulture, $"{i + 1}/{MergeShards}");
            var (_, seconds, exit) = Measure(cli, ["extract", docs, "-o", jsonl, "--ocr", "off", "--shard", shard], Path.Combine(folders[i], "extract.log"));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: shard {shard} extracted in {seconds:0.0} s (exit {exit})"));
            if (exit is not (0 or 1))
            {
                Console.Error.WriteLine($"memory: extract --shard {shard} failed (exit {exit}); see {Path.Combine(folders[i], "extract.log")}");
                return false;
            }
        }
        return true;
    }

    private static void PrintTable(List<(string Stage, int Docs, double PeakMb, double Seconds)> results, List<int> sizes)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("| stage | docs | peak RSS MB | seconds | docs/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(inv, $"| {r.Stage} | {r.Docs:N0} | {r.PeakMb:0} | {r.Seconds:0.0} | {r.Docs / r.Seconds:0} |"));
        }
        var (small, large) = (sizes.Min(), sizes.Max());
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"| stage | peak RSS {large:N0} / {small:N0} | docs/s {large:N0} / {small:N0} |"));
        Console.WriteLine("|---|---:|---:|");
        foreach (var stage in results.Select(r => r.Stage).Distinct())
        {
            var a = results.FirstOrDefault(r => r.Stage == stage && r.Docs == small);
            var b = results.FirstOrDefault(r => r.Stage == stage && r.Docs == large);
            if (a.Stage is null || b.Stage is null || small == large)
            {
                continue;
            }
            var ratio = b.PeakMb / a.PeakMb;
            Console.WriteLine(string.Create(inv,
                $"| {stage} | {ratio:0.00}{(ratio <= 1.3 ? "" : " (over 1.3)")} | {(b.Docs / b.Seconds) / (a.Docs / a.Seconds):0.00} |"));
        }
    }

    /// <summary>Runs the CLI under /usr/bin/time; returns the child's maximum RSS (MB), wall seconds and exit code.</summary>
    private static (double PeakMb, double Seconds, int Exit) Measure(string cli, string[] args, string log)
    {
        var rssFile = log + ".rss";
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-f", "%M", "-o", rssFile, cli }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["NO_COLOR"] = "1";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var seconds = watch.Elapsed.TotalSeconds;
        File.WriteAllText(log, stdout.Result + stderr.Result);
        // /usr/bin/time writes "Command exited with non-zero status N" before the number when the child failed
        var kb = File.ReadAllLines(rssFile).Select(l => l.Trim()).Last(l => l.Length > 0);
        return (double.Parse(kb, CultureInfo.InvariantCulture) / 1024.0, seconds, process.ExitCode);
    }

    /// <summary>Writes documents 0..n-1 as .txt under <paramref name="folder"/> (1,000 per sub-folder), unless already there; returns characters.</summary>
    private static long Generate(SentencePool pool, string folder, int n)
    {
        long chars = 0;
        var stamp = Path.Combine(folder, ".complete");
        var have = File.Exists(stamp);
        for (var i = 0; i < n; i++)
        {
            var text = pool.Document(i);
            chars += text.Length;
            if (have)
            {
                continue;
            }
            var sub = Path.Combine(folder, (i / 1000).ToString("D3", CultureInfo.InvariantCulture));
            if (i % 1000 == 0)
            {
                Directory.CreateDirectory(sub);
            }
            File.WriteAllText(Path.Combine(sub, "m" + i.ToString("D6", CultureInfo.InvariantCulture) + ".txt"), text, new UTF8Encoding(false));
        }
        File.WriteAllText(stamp, n.ToString(CultureInfo.InvariantCulture));
        return chars;
    }

    /// <summary>Titles and articles (第…条 paragraphs) of the regulations, recombined into short documents.</summary>
    private sealed class SentencePool(List<string> titles, List<string> articles)
    {
        public List<string> Titles { get; } = titles;

        public List<string> Articles { get; } = articles;

        public static SentencePool Load(string folder)
        {
            var titles = new List<string>();
            var articles = new List<string>();
            foreach (var file in Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal))
            {
                foreach (var raw in File.ReadLines(file))
                {
                    var line = raw.Trim();
                    if (line.StartsWith("# ", StringComparison.Ordinal))
                    {
                        titles.Add(line[2..].Trim());
                    }
                    else if (line.StartsWith('第') && line.Contains('条', StringComparison.Ordinal) && line.Length is > 20 and < 400)
                    {
                        articles.Add(line);
                    }
                }
            }
            return new SentencePool(titles, articles);
        }

        /// <summary>Document <paramref name="i"/>: a title and 3–7 articles picked by a generator seeded with i.</summary>
        public string Document(int i)
        {
            var random = new Random(i);
            var text = new StringBuilder();
            text.Append(Titles[random.Next(Titles.Count)]).Append("\n\n");
            var count = random.Next(3, 8);
            for (var k = 0; k < count; k++)
            {
                text.Append(Articles[random.Next(Articles.Count)]).Append("\n\n");
            }
            return text.ToString();
        }
    }
}
