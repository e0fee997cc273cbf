using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Pdf;
using UglyToad.PdfPig;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// PDF extraction throughput per file class, three engines on the same files in the same run, each with one and with
/// two files at a time (-j 1, -j 2): ours in this process (the whole <c>extract</c> of a file: PdfReader,
/// normalisation, metadata; warm), ours as users run it (the <c>policyminer extract</c> process on a folder of the
/// files, start-up and JIT included: the CLI must be built, <c>dotnet build -c Release</c>), and poppler's pdftotext
/// (a process per file); the CLI also with <c>DOTNET_TieredCompilation=0</c> and without its ReadyToRun code (IL only). Runs are interleaved (ours, CLI, pdftotext, then again) so that changes in the machine's load
/// hit all engines alike; each number is the median of the runs. Each folder argument is one class (named after the
/// folder); without arguments: ../shared/pdfs (real government PDFs), the Chromium-printed and the LibreOffice-printed
/// fixtures. The large printed corpus: tests/PolicyMiner.Tests/Extraction/Fixtures/make_printed_fixtures.py SHARED
/// --bench DIR, then <c>extract DIR/chromium DIR/libreoffice ../shared/pdfs</c>. <c>--runs N</c> (default 3),
/// <c>--pages N</c>: repeat each class's files until a run covers at least N pages (default 150); <c>--cli DLL</c>: the
/// PolicyMiner.Cli.dll to run (default: this repository's Release build).
/// </summary>
internal static class ExtractBenchmark
{
    private static readonly ExtractOptions NoOcr = new() { Ocr = OcrMode.Off };

    public static int Run(string[] args)
    {
        var runs = IntOption(ref args, "--runs", 3);
        var minPages = IntOption(ref args, "--pages", 150);
        var hasPoppler = PdftotextAvailable();
        var cliAt = Array.IndexOf(args, "--cli");
        var cli = cliAt >= 0 && cliAt + 1 < args.Length ? Path.GetFullPath(args[cliAt + 1])
            : Path.Combine(FindRepoRoot(), "src", "PolicyMiner.Cli", "bin", "Release", "net10.0", "PolicyMiner.Cli.dll");
        args = cliAt >= 0 ? args.Where((_, i) => i != cliAt && i != cliAt + 1).ToArray() : args;
        var classes = Classes(args);
        if (classes.Count == 0)
        {
            Console.Error.WriteLine("no PDF files found");
            return 1;
        }
        var hasCli = File.Exists(cli);
        var extractor = new Extractor(NoOcr);
        Console.WriteLine($"cores: {Environment.ProcessorCount}; load average at start: {LoadAverage()} (the machine is shared: wall-clock rates suffer, CPU-time rates much less)");
        Console.WriteLine($"rates: pages per second of wall time and pages per CPU-second (this process + waited-for child processes); median of {runs} interleaved runs");
        if (!hasCli)
        {
            Console.WriteLine($"(no CLI build at {cli}: run `dotnet build -c Release` for the policyminer-process rows)");
        }
        Console.WriteLine();
        Console.WriteLine("class                  files pages engine                     | -j1 wall  CPU | -j2 wall  CPU  x-j1 | per CPU-s vs pdftotext -j1");
        var temp = Directory.CreateTempSubdirectory("pm-extract-bench-");
        try
        {
            foreach (var (name, files) in classes)
            {
                var pages = files.Sum(f => PdfReader.Instance.Read(f, NoOcr).Pages ?? 0);
                // Repeat the file list so each measurement covers at least minPages pages.
                var reps = Math.Max(1, (int)Math.Ceiling((double)minPages / Math.Max(1, pages)));
                var work = Enumerable.Range(0, reps).SelectMany(_ => files).ToList();
                var workPages = (double)reps * pages;
                // The CLI reads a folder: the same files under distinct names (extract keeps every copy: no cache file).
                var folder = Directory.CreateDirectory(Path.Combine(temp.FullName, string.Concat(name.Split(Path.GetInvalidFileNameChars()))));
                for (var i = 0; i < work.Count; i++)
                {
                    File.Copy(work[i], Path.Combine(folder.FullName, $"{i:D4}_{Path.GetFileName(work[i])}"));
                }
                var one = new ParallelOptions { MaxDegreeOfParallelism = 1 };
                var two = new ParallelOptions { MaxDegreeOfParallelism = 2 };
                var engines = new List<(string Name, Action J1, Action J2)>
                {
                    ("ours, in-process (warm)", () => Parallel.ForEach(work, one, f => extractor.ExtractFile(f)), () => Parallel.ForEach(work, two, f => extractor.ExtractFile(f))),
                };
                if (hasCli)
                {
                    engines.Add(("policyminer extract", () => Cli(cli, folder.FullName, 1, null), () => Cli(cli, folder.FullName, 2, null)));
                    // The same with tiered compilation off (every method compiled once, optimised; README, PDF section).
                    var tc0 = ("DOTNET_TieredCompilation", "0");
                    engines.Add(("  with TieredCompilation=0", () => Cli(cli, folder.FullName, 1, tc0), () => Cli(cli, folder.FullName, 2, tc0)));
                    // The same build without its ReadyToRun code (what every build ran before): the runtime ignores the
                    // precompiled code of the assemblies beside the CLI and JIT-compiles their IL.
                    var il = IlOnly(cli);
                    engines.Add(("  IL only (no ReadyToRun)", () => Cli(cli, folder.FullName, 1, il), () => Cli(cli, folder.FullName, 2, il)));
                }
                if (hasPoppler)
                {
                    engines.Add(("pdftotext", () => Parallel.ForEach(work, one, Pdftotext), () => Parallel.ForEach(work, two, Pdftotext)));
                }
                var timings = MeasureInterleaved(engines.SelectMany(e => new[] { e.J1, e.J2 }).ToList(), runs);
                var popplerJ1 = hasPoppler ? timings[^2] : default;
                string R(double v) => v.ToString("0", CultureInfo.InvariantCulture).PadLeft(5);
                for (var e = 0; e < engines.Count; e++)
                {
                    var (j1, j2) = (timings[2 * e], timings[(2 * e) + 1]);
                    var label = e == 0 ? string.Create(CultureInfo.InvariantCulture, $"{name,-22} {files.Count,5} {pages,5}") : new string(' ', 34);
                    var ratio = hasPoppler ? (popplerJ1.Cpu / j1.Cpu).ToString("0.00", CultureInfo.InvariantCulture) : "-";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{label} {engines[e].Name,-26} |    {R(workPages / j1.Wall)} {R(workPages / j1.Cpu)} |    {R(workPages / j2.Wall)} {R(workPages / j2.Cpu)} {j1.Wall / j2.Wall,5:0.00} | {ratio,6}"));
                }
                if (!hasPoppler)
                {
                    Console.WriteLine("(pdftotext not installed: apt-get install poppler-utils)");
                }
            }
        }
        finally
        {
            temp.Delete(recursive: true);
        }
        Console.WriteLine();
        Console.WriteLine($"load average at end: {LoadAverage()}");
        Console.WriteLine("x-j1 = wall-clock speed-up of -j 2 over -j 1 (meaningful only when two cores are free: compare the load average).");
        Console.WriteLine("per CPU-s vs pdftotext = pages per CPU-second of the row's -j 1 run / pdftotext's (>= 1: at least pdftotext's speed per core).");
        return 0;
    }

    private static int IntOption(ref string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        if (at < 0 || at + 1 >= args.Length)
        {
            return fallback;
        }
        var value = int.Parse(args[at + 1], CultureInfo.InvariantCulture);
        args = args.Where((_, i) => i != at && i != at + 1).ToArray();
        return value;
    }

    /// <summary>Runs the policyminer CLI on a folder (-j jobs, OCR off) and waits for it; a failure stops the benchmark.</summary>
    private static void Cli(string dll, string folder, int jobs, (string Name, string Value)? environment)
    {
        var output = Path.Combine(Path.GetTempPath(), $"pm-extract-bench-{Environment.ProcessId}.jsonl");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (environment is var (name, value))
        {
            info.Environment[name] = value; // inherited by the extract workers
        }
        foreach (var a in new[] { dll, "extract", folder, "-o", output, "--ocr", "off", "-j", jobs.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }
        using (var p = Process.Start(info)!)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"policyminer extract {folder} failed ({p.ExitCode}): {stderr.Result}");
            }
        }
        foreach (var f in Directory.EnumerateFiles(Path.GetTempPath(), $"pm-extract-bench-{Environment.ProcessId}.*"))
        {
            File.Delete(f);
        }
    }

    /// <summary>
    /// The runtime setting that makes it ignore the ReadyToRun code of every assembly beside the CLI (the framework keeps
    /// its own): DOTNET_ReadyToRunExcludeList, a ;-list of simple assembly names.
    /// </summary>
    private static (string, string) IlOnly(string cliDll) =>
        ("DOTNET_ReadyToRunExcludeList", string.Join(';', Directory.EnumerateFiles(Path.GetDirectoryName(cliDll)!, "*.dll").Select(Path.GetFileNameWithoutExtension)));

    private static List<(string Name, List<string> Files)> Classes(string[] args)
    {
        var root = FindRepoRoot();
        var fixtures = Path.Combine(root, "tests", "PolicyMiner.Tests", "Extraction", "Fixtures");
        var classes = new List<(string, List<string>)>();
        if (args.Length == 0)
        {
            classes.Add(("shared real PDFs", Usable(Directory.EnumerateFiles(Path.Combine(root, "..", "shared", "pdfs"), "*.pdf"))));
            classes.Add(("Chromium fixtures", Usable(Directory.EnumerateFiles(fixtures, "*_chromium.pdf"))));
            classes.Add(("LibreOffice fixtures", Usable(Directory.EnumerateFiles(fixtures, "*libreoffice*.pdf"))));
        }
        var loose = new List<string>();
        foreach (var arg in args)
        {
            if (Directory.Exists(arg))
            {
                classes.Add((Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(arg))),
                    Usable(Directory.EnumerateFiles(arg, "*.pdf", SearchOption.AllDirectories))));
            }
            else if (File.Exists(arg))
            {
                loose.Add(arg);
            }
        }
        if (loose.Count > 0)
        {
            classes.Add(("files", Usable(loose)));
        }
        return classes.Where(c => c.Item2.Count > 0).ToList();
    }

    private readonly record struct Timing(double Wall, double Cpu);

    /// <summary>
    /// <paramref name="runs"/> rounds of every action in turn (interleaved, so a change in the machine's load hits all of
    /// them); per action the median wall time and the median CPU time (this process + waited-for children, /proc/self/stat).
    /// </summary>
    private static List<Timing> MeasureInterleaved(List<Action> actions, int runs)
    {
        var walls = actions.Select(_ => new List<double>()).ToList();
        var cpus = actions.Select(_ => new List<double>()).ToList();
        for (var run = 0; run < runs; run++)
        {
            for (var a = 0; a < actions.Count; a++)
            {
                var cpu0 = CpuSeconds();
                var sw = Stopwatch.StartNew();
                actions[a]();
                walls[a].Add(sw.Elapsed.TotalSeconds);
                cpus[a].Add(CpuSeconds() - cpu0);
            }
        }
        return actions.Select((_, a) => new Timing(Median(walls[a]), Math.Max(0.01, Median(cpus[a])))).ToList();
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static double CpuSeconds()
    {
        // Fields after "(comm) ": state is field 3; utime, stime, cutime, cstime are fields 14-17, in clock ticks (100/s).
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return ticks / 100.0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static int PrintText(string[] args)
    {
        if (args.Length == 0)
        {
            return 2;
        }
        var mode = args.Length > 2 && args[1] == "--ocr" ? Enum.Parse<OcrMode>(args[2], ignoreCase: true) : OcrMode.Auto;
        try
        {
            var doc = PdfReader.Instance.Read(args[0], new ExtractOptions { Ocr = mode });
            Console.WriteLine(doc.Text);
            Console.Error.WriteLine($"pages={doc.Pages} ocr={doc.PagesOcred} needs_ocr={doc.NeedsOcr} title={doc.Title}");
            foreach (var w in doc.Warnings)
            {
                Console.Error.WriteLine("warning: " + w);
            }
            return 0;
        }
        catch (DocumentReadException ex)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }

    /// <summary>Debug view: the visual lines of one page with their geometry and column edges.</summary>
    public static int PrintLines(string[] args)
    {
        using var document = PdfDocument.Open(args[0]);
        var number = int.Parse(args[1], CultureInfo.InvariantCulture);
        var lines = LetterLines.Build(document.GetPage(number), number, null, out _);
        var (rights, lefts) = ParagraphJoiner.ColumnEdges(lines.Lines);
        for (var i = 0; i < lines.Lines.Count; i++)
        {
            var l = lines.Lines[i];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{l.Left,6:0.0} {l.Right,6:0.0} y={l.Baseline,6:0.0} fs={l.FontSize,4:0.0} col=[{lefts[i]:0.0},{rights[i]:0.0}] {l.Text}"));
        }
        return 0;
    }

    /// <summary>Only files with a readable text layer (fixtures also hold broken, encrypted and scanned files on purpose).</summary>
    private static List<string> Usable(IEnumerable<string> files) =>
        files.Order(StringComparer.Ordinal).Where(f =>
        {
            try
            {
                var d = PdfReader.Instance.Read(f, NoOcr);
                return d.Text.Length > 0 && !d.NeedsOcr;
            }
            catch (DocumentReadException)
            {
                return false;
            }
        }).ToList();

    private static bool PdftotextAvailable()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("pdftotext", "-v") { RedirectStandardError = true, RedirectStandardOutput = true });
            p!.WaitForExit();
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static void Pdftotext(string file)
    {
        var info = new ProcessStartInfo("pdftotext") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-q");
        info.ArgumentList.Add(file);
        info.ArgumentList.Add("-");
        using var p = Process.Start(info)!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PolicyMiner.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
