using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Pdf;
using UglyToad.PdfPig;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// PDF extraction throughput per file class, ours (the whole <c>extract</c> of a file: PdfReader, normalisation,
/// metadata) against poppler's pdftotext (a process per file) on the same files in the same run, each with one and
/// with two files at a time (-j 1, -j 2). Each folder argument is one class (named after the folder); without
/// arguments: ../shared/pdfs (real government PDFs), the Chromium-printed and the LibreOffice-printed fixtures.
/// The large printed corpus: tests/PolicyMiner.Tests/Extraction/Fixtures/make_printed_fixtures.py SHARED --bench DIR,
/// then <c>extract DIR/chromium DIR/libreoffice ../shared/pdfs</c>.
/// </summary>
internal static class ExtractBenchmark
{
    private static readonly ExtractOptions NoOcr = new() { Ocr = OcrMode.Off };

    public static int Run(string[] args)
    {
        var classes = Classes(args);
        if (classes.Count == 0)
        {
            Console.Error.WriteLine("no PDF files found");
            return 1;
        }
        var hasPoppler = PdftotextAvailable();
        var extractor = new Extractor(NoOcr);
        Console.WriteLine($"cores: {Environment.ProcessorCount}; load average at start: {LoadAverage()} (the machine is shared: wall-clock rates suffer, CPU-time rates much less)");
        Console.WriteLine("rates: pages/s of wall time and pages per CPU-second (this process + waited-for pdftotext processes); median of 3 runs");
        Console.WriteLine();
        Console.WriteLine("class                     files pages | ours -j1 wall   CPU | ours -j2 wall   CPU  x-j1 | pdftotext -j1 wall  CPU | pdftotext -j2 wall  CPU | ours/pdftotext per CPU-s");
        foreach (var (name, files) in classes)
        {
            var pages = files.Sum(f => PdfReader.Instance.Read(f, NoOcr).Pages ?? 0);
            // Repeat the file list so each measurement covers at least ~150 pages.
            var reps = Math.Max(1, (int)Math.Ceiling(150.0 / Math.Max(1, pages)));
            var work = Enumerable.Range(0, reps).SelectMany(_ => files).ToList();
            var workPages = (double)reps * pages;
            var one = new ParallelOptions { MaxDegreeOfParallelism = 1 };
            var two = new ParallelOptions { MaxDegreeOfParallelism = 2 };
            var ours1 = Measure(() => Parallel.ForEach(work, one, f => extractor.ExtractFile(f)));
            var ours2 = Measure(() => Parallel.ForEach(work, two, f => extractor.ExtractFile(f)));
            var pop1 = hasPoppler ? Measure(() => Parallel.ForEach(work, one, Pdftotext)) : default;
            var pop2 = hasPoppler ? Measure(() => Parallel.ForEach(work, two, Pdftotext)) : default;
            string R(double v) => v.ToString("0", CultureInfo.InvariantCulture).PadLeft(5);
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{name,-25} {files.Count,5} {pages,5} |      {R(workPages / ours1.Wall)} {R(workPages / ours1.Cpu)} |      {R(workPages / ours2.Wall)} {R(workPages / ours2.Cpu)} {ours1.Wall / ours2.Wall,5:0.00} |");
            line += hasPoppler
                ? string.Create(CultureInfo.InvariantCulture,
                    $"          {R(workPages / pop1.Wall)} {R(workPages / pop1.Cpu)} |          {R(workPages / pop2.Wall)} {R(workPages / pop2.Cpu)} | {pop1.Cpu / ours1.Cpu,6:0.00}")
                : " pdftotext not installed (apt-get install poppler-utils)";
            Console.WriteLine(line);
        }
        Console.WriteLine();
        Console.WriteLine("x-j1 = wall-clock speed-up of -j 2 over -j 1 (meaningful only when two cores are free: compare the load average).");
        return 0;
    }

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

    /// <summary>Median of 3 runs of wall time and of CPU time (this process + waited-for children, /proc/self/stat).</summary>
    private static Timing Measure(Action action)
    {
        var walls = new List<double>();
        var cpus = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var cpu0 = CpuSeconds();
            var sw = Stopwatch.StartNew();
            action();
            walls.Add(sw.Elapsed.TotalSeconds);
            cpus.Add(CpuSeconds() - cpu0);
        }
        return new Timing(walls.Order().ElementAt(1), Math.Max(0.01, cpus.Order().ElementAt(1)));
    }

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
