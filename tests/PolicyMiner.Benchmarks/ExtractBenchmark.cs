using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Pdf;
using UglyToad.PdfPig;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// PDF extraction throughput: PdfReader single-threaded and on all cores, PdfPig's bare parse (letters only) to show
/// what our own work costs, and poppler's pdftotext on the same files (a process per file) as the reference.
/// </summary>
internal static class ExtractBenchmark
{
    private static readonly ExtractOptions NoOcr = new() { Ocr = OcrMode.Off };

    public static int Run(string[] args)
    {
        var files = Inputs(args);
        if (files.Count == 0)
        {
            Console.Error.WriteLine("no PDF files found");
            return 1;
        }
        var pages = files.ToDictionary(f => f, f => PdfReader.Instance.Read(f, NoOcr).Pages ?? 0);
        var totalPages = pages.Values.Sum();
        Console.WriteLine($"files: {files.Count}, pages: {totalPages}, cores: {Environment.ProcessorCount}");
        foreach (var f in files)
        {
            Console.WriteLine($"  {pages[f],4} p  {new FileInfo(f).Length / 1024,6} KB  {Path.GetFileName(f)}");
        }

        // Repeat the file list so each measurement lasts a few seconds.
        var reps = Math.Max(3, (int)Math.Ceiling(300.0 / totalPages));
        var work = Enumerable.Range(0, reps).SelectMany(_ => files).ToList();
        var workPages = (double)reps * totalPages;
        Console.WriteLine($"each measurement: {reps} passes = {workPages:0} pages; median of 5 runs");

        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        var parse = Measure(() => { foreach (var f in work) { ParseOnly(f); } });
        var single = Measure(() => { foreach (var f in work) { PdfReader.Instance.Read(f, NoOcr); } });
        var parallel = Measure(() => Parallel.ForEach(work, parallelOptions, f => PdfReader.Instance.Read(f, NoOcr)));
        var hasPoppler = PdftotextAvailable();
        var poppler = hasPoppler ? Measure(() => { foreach (var f in work) { Pdftotext(f); } }) : default;
        var popplerParallel = hasPoppler ? Measure(() => Parallel.ForEach(work, parallelOptions, Pdftotext)) : default;

        string Wall(Timing t) => (workPages / t.Wall).ToString("0.0", CultureInfo.InvariantCulture).PadLeft(8);
        string Cpu(Timing t) => (workPages / t.Cpu).ToString("0.0", CultureInfo.InvariantCulture).PadLeft(8);
        Console.WriteLine($"load average at start: {LoadAverage()} (the machine is shared: wall-clock rates suffer, CPU-time rates much less)");
        Console.WriteLine();
        Console.WriteLine("                                            pages/s wall   pages per CPU-second");
        Console.WriteLine($"PdfPig parse only (page.Letters), 1 thread : {Wall(parse)}       {Cpu(parse)}");
        Console.WriteLine($"PdfReader (PolicyMiner), 1 thread         : {Wall(single)}       {Cpu(single)}");
        Console.WriteLine($"PdfReader, {Environment.ProcessorCount} threads                     : {Wall(parallel)}       {Cpu(parallel)}   (wall speed-up x{single.Wall / parallel.Wall:0.00})");
        Console.WriteLine($"our own work beside PdfPig's parse (CPU)  : {(single.Cpu - parse.Cpu) / single.Cpu * 100,7:0.0} % of PdfReader's CPU time");
        if (hasPoppler)
        {
            Console.WriteLine($"pdftotext (a process per file), 1 at once : {Wall(poppler)}       {Cpu(poppler)}   PdfReader/pdftotext = {poppler.Wall / single.Wall:0.000} wall, {poppler.Cpu / single.Cpu:0.000} CPU");
            Console.WriteLine($"pdftotext, {Environment.ProcessorCount} at once                   : {Wall(popplerParallel)}       {Cpu(popplerParallel)}   PdfReader/pdftotext = {popplerParallel.Wall / parallel.Wall:0.000} wall");
        }
        else
        {
            Console.WriteLine("pdftotext not installed (apt-get install poppler-utils): no reference run");
        }
        return 0;
    }

    private readonly record struct Timing(double Wall, double Cpu);

    /// <summary>Median of 5 runs of wall time and of CPU time (this process + waited-for children, /proc/self/stat).</summary>
    private static Timing Measure(Action action)
    {
        var walls = new List<double>();
        var cpus = new List<double>();
        for (var run = 0; run < 5; run++)
        {
            var cpu0 = CpuSeconds();
            var sw = Stopwatch.StartNew();
            action();
            walls.Add(sw.Elapsed.TotalSeconds);
            cpus.Add(CpuSeconds() - cpu0);
        }
        return new Timing(walls.Order().ElementAt(2), Math.Max(0.01, cpus.Order().ElementAt(2)));
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

    private static List<string> Inputs(string[] args)
    {
        if (args.Length == 0)
        {
            var root = FindRepoRoot();
            args = [Path.Combine(root, "..", "shared", "pdfs"), Path.Combine(root, "tests", "PolicyMiner.Tests", "Extraction", "Fixtures")];
        }
        var files = new List<string>();
        foreach (var arg in args)
        {
            if (Directory.Exists(arg))
            {
                files.AddRange(Directory.EnumerateFiles(arg, "*.pdf", SearchOption.AllDirectories));
            }
            else if (File.Exists(arg))
            {
                files.Add(arg);
            }
        }
        // Only files with a readable text layer (fixtures also hold broken, encrypted and scanned files on purpose).
        return files.Order(StringComparer.Ordinal).Where(f =>
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
    }

    private static void ParseOnly(string file)
    {
        using var document = PdfDocument.Open(file, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        for (var i = 1; i <= document.NumberOfPages; i++)
        {
            _ = document.GetPage(i).Letters.Count;
        }
    }

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
