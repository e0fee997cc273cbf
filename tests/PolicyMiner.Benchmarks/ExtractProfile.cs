using System.Globalization;
using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Pdf;
using PolicyMiner.Extraction.Text;
using UglyToad.PdfPig;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// Where the time of the PDF path goes, per file, single-threaded: opening the document, PdfPig's page parse
/// (content stream → glyphs through our <c>GlyphPageFactory</c>; for comparison PdfPig's ordinary <c>GetPage</c> with
/// Letter objects, which the reader no longer uses), our font scan, our line building, our assembly (headers/footers,
/// paragraphs) and normalisation. Run: <c>PolicyMiner.Benchmarks extract-profile FILES…</c>.
/// </summary>
internal static class ExtractProfile
{
    public static int Run(string[] args)
    {
        var files = args.SelectMany(a => Directory.Exists(a) ? Directory.EnumerateFiles(a, "*.pdf", SearchOption.AllDirectories) : [a])
            .Order(StringComparer.Ordinal).ToList();
        Console.WriteLine("file                                  pages   open  glyphs  fontScan  lines  assemble  normalise | PdfPig Page   (CPU ms of this thread, median of 3)");
        foreach (var file in files)
        {
            var runs = Enumerable.Range(0, 3).Select(_ => Once(file)).ToList();
            var median = new double[7];
            for (var k = 0; k < 7; k++)
            {
                median[k] = runs.Select(r => r.Ms[k]).Order().ElementAt(1);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileName(file),-36} {runs[0].Pages,5} {median[0],6:0} {median[1],7:0} {median[2],9:0} {median[3],6:0} {median[4],9:0} {median[5],10:0} | {median[6],11:0}"));
        }
        return 0;
    }

    private static (int Pages, double[] Ms) Once(string file)
    {
        var ms = new double[7];
        var sw = new CpuClock();
        using var document = PdfDocument.Open(file, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        ms[0] = sw.ElapsedMs;
        document.AddPageFactory<GlyphPage, GlyphPageFactory>();
        var repair = new FontRepair(document);
        var pages = new List<PageLines>();
        for (var n = 1; n <= document.NumberOfPages; n++)
        {
            sw.Restart();
            var page = document.GetPage<GlyphPage>(n);
            ms[1] += sw.ElapsedMs;
            sw.Restart();
            repair.ScanPage(page.Dictionary);
            ms[2] += sw.ElapsedMs;
            sw.Restart();
            pages.Add(LetterLines.Build(page, repair.Active ? repair : null, out _));
            ms[3] += sw.ElapsedMs;
        }
        sw.Restart();
        var text = ParagraphJoiner.Join(PageDecorations.Remove(pages));
        text = CjkText.Clean(text, joinLines: false);
        ms[4] = sw.ElapsedMs;
        sw.Restart();
        _ = TextNormalizer.Normalize(text);
        ms[5] = sw.ElapsedMs;
        using (var plain = PdfDocument.Open(file, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true }))
        {
            sw.Restart();
            for (var n = 1; n <= plain.NumberOfPages; n++)
            {
                _ = plain.GetPage(n).Letters.Count;
            }
            ms[6] = sw.ElapsedMs;
        }
        return (document.NumberOfPages, ms);
    }

    /// <summary>
    /// CPU time of the calling thread from /proc/thread-self/schedstat (nanoseconds on the CPU): the machine is
    /// shared, so wall-clock phases would mostly measure other people's work.
    /// </summary>
    private sealed class CpuClock
    {
        private long start = Now();

        public double ElapsedMs => (Now() - start) / 1e6;

        public void Restart() => start = Now();

        private static long Now() => long.Parse(File.ReadAllText("/proc/thread-self/schedstat").Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
