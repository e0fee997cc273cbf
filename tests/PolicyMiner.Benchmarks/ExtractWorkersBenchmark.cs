using System.Globalization;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// <c>extract-workers DIR… [--rounds R]</c> (issue 12/13): the whole CLI <c>extract</c> of the same files with -j 1 and
/// -j 2, in-process (threads) and in worker processes, interleaved (in-process j1, j2, workers j1, j2, and again) so
/// that the load of the shared machine falls on all four alike; prints wall seconds, the j1/j2 ratio per round and
/// mode, CPU seconds of the whole process tree (so that -j 2's extra cost, if any, shows even when the load leaves
/// no second core), and peak memory of all processes and of the largest worker. Each run writes a fresh output (no cache).
/// </summary>
internal static class ExtractWorkersBenchmark
{
    public const string Help = "       PolicyMiner.Benchmarks extract-workers DIR… [--rounds 2]   CLI extract -j 1 vs -j 2, in-process vs worker processes, interleaved";

    public static int Run(string repo, string[] args)
    {
        var rounds = args.SkipWhile(a => a != "--rounds").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(2);
        var inputs = args.Where((a, i) => a != "--rounds" && (i == 0 || args[i - 1] != "--rounds")).ToArray();
        var cli = Path.Combine(repo, "src", "PolicyMiner.Cli", "bin", "Release", "net10.0", "PolicyMiner.Cli.dll");
        if (!File.Exists(cli) || inputs.Length == 0)
        {
            Console.Error.WriteLine($"extract-workers: give folders of documents, and build first ({cli})");
            return 2;
        }
        var files = inputs.SelectMany(a => Directory.Exists(a) ? Directory.EnumerateFiles(a, "*", SearchOption.AllDirectories) : [a]).Count();
        var root = Directory.CreateTempSubdirectory("pm-extract-workers-").FullName;
        Console.WriteLine($"extract-workers: {files} files in {string.Join(' ', inputs)}; cores {Environment.ProcessorCount}; {rounds} rounds");
        Console.WriteLine("CPU s = user+system of the CLI and its workers; cores used = CPU s / wall s (what the machine's load left us: up to j).");
        Console.WriteLine("round  mode        j  load(1 min)  wall_s  j1/j2  CPU_s  cores_used  peak_MB(all)  peak_MB(largest worker)");
        var ratios = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (var r = 1; r <= rounds; r++)
        {
            foreach (var mode in new[] { "in-process", "workers" })
            {
                double wall1 = 0;
                foreach (var j in new[] { 1, 2 })
                {
                    var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
                    var output = Path.Combine(root, $"r{r}-{mode}-j{j}.jsonl");
                    string[] args2 = [cli, "extract", .. inputs, "--ocr", "off", "-j", j.ToString(CultureInfo.InvariantCulture), "-o", output, .. mode == "in-process" ? ["--in-process"] : Array.Empty<string>()];
                    var run = ProcessTree.Start("dotnet", args2);
                    if (!File.Exists(output))
                    {
                        Console.Error.WriteLine($"extract failed (exit {run.Exit}): {run.Stderr}");
                        return 1;
                    }
                    var ratio = j == 1 ? "" : (wall1 / run.Seconds).ToString("0.00", CultureInfo.InvariantCulture);
                    if (j == 1)
                    {
                        wall1 = run.Seconds;
                    }
                    else
                    {
                        (ratios.TryGetValue(mode, out var list) ? list : ratios[mode] = []).Add(wall1 / run.Seconds);
                    }
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r,5}  {mode,-10} {j,2}  {load,11}  {run.Seconds,6:0.00}  {ratio,5}  {run.CpuSeconds,5:0.0}  {run.CpuSeconds / run.Seconds,10:0.00}  {run.PeakTotalBytes >> 20,12}  {run.PeakChildBytes >> 20,23}"));
                }
            }
        }
        var identical = Directory.GetFiles(root, "*.jsonl").Select(File.ReadAllBytes).Distinct(new BytesComparer()).Count() == 1;
        foreach (var (mode, list) in ratios)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode}: -j 2 / -j 1 speed-up {string.Join(", ", list.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))} (mean {list.Average():0.00}); target ≥ 1.8"));
        }
        Console.WriteLine($"all {rounds * 4} documents.jsonl byte-identical: {identical}");
        Directory.Delete(root, recursive: true);
        return 0;
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
