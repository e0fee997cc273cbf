using System.Globalization;
using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace PolicyMiner.Extraction.Pdf;

/// <summary>
/// Reads PDF files with PdfPig: letters in content-stream order → lines → header/footer/page-number removal →
/// CJK-aware paragraph joining (../shared/notes/mlnet-pdfpig.md part B, "contentorder-cjk"). Pages without a
/// usable text layer (scans, undecodable fonts) are OCR'd with tesseract when allowed and installed, otherwise
/// flagged <see cref="RawDocument.NeedsOcr"/> with a warning naming the pages. Broken, truncated or encrypted
/// files become a <see cref="DocumentReadException"/> naming the file (and page); never a crash.
/// </summary>
public sealed class PdfReader : IDocumentReader
{
    /// <summary>Share of undecodable glyphs above which a page's text layer counts as garbled.</summary>
    public const double GarbledShare = 0.3;

    /// <summary>The default reader (system tesseract; time per document: <see cref="ExtractOptions.DocumentTimeout"/>).</summary>
    public static PdfReader Instance { get; } = new();

    /// <summary>Creates a reader using <see cref="TesseractOcr.Default"/>.</summary>
    public PdfReader()
        : this(TesseractOcr.Default)
    {
    }

    /// <summary>Creates a reader with the given OCR engine.</summary>
    public PdfReader(TesseractOcr ocr) => Ocr = ocr ?? throw new ArgumentNullException(nameof(ocr));

    /// <summary>The OCR engine used for pages without a usable text layer.</summary>
    public TesseractOcr Ocr { get; }

    /// <inheritdoc/>
    public string Format => "pdf";

    /// <inheritdoc/>
    public bool CanRead(string path, ReadOnlySpan<byte> head)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        // Some writers put junk before the header; readers accept it within the first kilobyte.
        var window = head[..Math.Min(head.Length, 1024)];
        return window.IndexOf("%PDF-"u8) >= 0;
    }

    /// <inheritdoc/>
    public RawDocument Read(string path, ExtractOptions options, CancellationToken cancellationToken = default) =>
        Read(path, null, options, cancellationToken);

    /// <inheritdoc/>
    public RawDocument Read(string path, byte[]? content, ExtractOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (content is null && !File.Exists(path))
        {
            throw new DocumentReadException($"{path}: file not found; check the path.");
        }
        var currentPage = 0;
        var ocrStarted = 0;
        try
        {
            return DocumentWorker.Run(
                token => ReadCore(path, content, options, p => { Volatile.Write(ref currentPage, p); options.PageStarted?.Invoke(p); }, () => Volatile.Write(ref ocrStarted, 1), token),
                options.DocumentTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            var page = Volatile.Read(ref currentPage);
            var where = page > 0 ? $"page {page.ToString(CultureInfo.InvariantCulture)}" : "opening the file";
            var what = Volatile.Read(ref ocrStarted) == 1 ? "OCR of its scanned pages" : $"reading stopped at {where}";
            throw new DocumentReadException(
                $"{path}: not finished within {options.DocumentTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s ({what}); "
                + "the PDF is malformed there or very large. Re-save it with a PDF viewer (\"Save as\"/\"Print to PDF\"), or split it "
                + "(e.g. `qpdf in.pdf --pages . 1-100 -- part1.pdf`) and extract the parts; for very long scans allow more time "
                + "(ExtractOptions.DocumentTimeout).");
        }
        catch (DocumentReadException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (PdfDocumentEncryptedException ex)
        {
            throw new DocumentReadException(
                $"{path}: the PDF is encrypted and needs a password to open ({ex.Message}). "
                + "Open it with the password in a PDF viewer and save or print an unprotected copy (or run "
                + "`qpdf --password=PASSWORD --decrypt in.pdf out.pdf`), then extract that copy.", ex);
        }
#pragma warning disable CA1031 // PdfPig throws arbitrary exception types on hostile input: the reader boundary turns all of them into one readable error.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            var where = currentPage > 0 ? $" (page {currentPage.ToString(CultureInfo.InvariantCulture)})" : "";
            throw new DocumentReadException(
                $"{path}{where}: the PDF is damaged, truncated or not a PDF ({ex.GetType().Name}: {FirstLine(ex.Message)}). "
                + "Download it again or re-save it with a PDF viewer (\"Save as\"/\"Print to PDF\"), then extract again.", ex);
        }
    }

    private RawDocument ReadCore(string path, byte[]? content, ExtractOptions options, Action<int> onPage, Action onOcr, CancellationToken cancellationToken)
    {
        // From the bytes extract already read for the hash (PdfPig's Open(path) is File.ReadAllBytes + the same), never
        // from a Stream (PdfPig #465: 44× slower); lenient parsing recovers many damaged files.
        var parsing = new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true };
        using var document = content is null ? PdfDocument.Open(path, parsing) : PdfDocument.Open(content, parsing);
        // Text pages come from our glyph factory (GlyphPage.cs: no Type 3 glyph procedures, paths or Letter objects);
        // PdfPig's full Page is built only for pages that go to OCR.
        document.AddPageFactory<GlyphPage, GlyphPageFactory>();
        var pageCount = document.NumberOfPages;
        var warnings = new List<string>();
        var formLoops = new List<int>();
        var repair = new FontRepair(document);
        var blocks = new List<object>(pageCount); // PageLines (text layer) or string (OCR text)
        var failedPages = new List<int>();
        var ocrWanted = new List<(int Page, string Why)>();
        var pagesWithText = 0;
        Exception? firstPageError = null;

        for (var number = 1; number <= pageCount; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            onPage(number);
            GlyphPage page;
            PageLines lines;
            LetterLines.GlyphCounts counts;
            try
            {
                page = document.GetPage<GlyphPage>(number);
                if (page.FormsSkipped > 0)
                {
                    formLoops.Add(number);
                }
                repair.ScanPage(page.Dictionary);
                lines = page.HasVerticalText
                    ? LetterLines.Build(document.GetPage(number), number, repair.Active ? repair : null, out counts)
                    : LetterLines.Build(page, repair.Active ? repair : null, out counts);
            }
#pragma warning disable CA1031 // One damaged page must not lose the rest of the document; reported as a warning.
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
#pragma warning restore CA1031
            {
                firstPageError ??= ex;
                failedPages.Add(number);
                continue;
            }

            var garbled = counts.Glyphs > 0 && counts.Garbled >= GarbledShare * counts.Glyphs;
            if (options.Ocr == OcrMode.Force)
            {
                ocrWanted.Add((number, "OCR forced"));
                blocks.Add(new OcrSlot(number, garbled || counts.Glyphs == 0 ? null : lines));
            }
            else if (counts.Glyphs == 0)
            {
                if (page.Images > 0)
                {
                    ocrWanted.Add((number, "no text layer (scanned image)"));
                    blocks.Add(new OcrSlot(number, null));
                }
                // else: a blank page.
            }
            else if (garbled)
            {
                ocrWanted.Add((number, "text layer not decodable (fonts without a Unicode map)"));
                blocks.Add(new OcrSlot(number, lines));
            }
            else
            {
                blocks.Add(lines);
                pagesWithText++;
            }
        }

        if (failedPages.Count == pageCount && pageCount > 0)
        {
            onPage(failedPages[0]);
            throw firstPageError!;
        }
        if (formLoops.Count > 0)
        {
            warnings.Add($"page(s) {Pages(formLoops)}: drawings (form XObjects) nested more than {GlyphProcessor.MaxFormDepth} deep or drawing each other were not followed further; text inside them may be missing. The file is damaged or crafted.");
        }
        if (failedPages.Count > 0)
        {
            warnings.Add($"page(s) {Pages(failedPages)} could not be read ({firstPageError!.GetType().Name}: {FirstLine(firstPageError.Message)}); "
                + "their text is missing. Re-save the PDF with a PDF viewer and extract again.");
        }

        var pagesOcred = 0;
        var needsOcr = false;
        if (ocrWanted.Count > 0)
        {
            onOcr();
            (pagesOcred, needsOcr) = RunOcr(document, blocks, ocrWanted, options, warnings, cancellationToken);
        }
        foreach (var name in repair.UnmappableFonts.Order(StringComparer.Ordinal))
        {
            warnings.Add($"font '{name}' has no Unicode map (Identity-H without ToUnicode, no usable embedded cmap); its characters cannot be decoded and were replaced by U+FFFD.");
        }

        var text = Assemble(blocks);
        if (text.Length == 0 && pageCount > 0 && !needsOcr)
        {
            warnings.Add("no text found in the PDF (blank pages or only drawings).");
        }
        return new RawDocument(text, pageCount, CleanTitle(document.Information.Title), pagesOcred, needsOcr, warnings);
    }

    private (int PagesOcred, bool NeedsOcr) RunOcr(
        PdfDocument document, List<object> blocks, List<(int Page, string Why)> wanted, ExtractOptions options, List<string> warnings, CancellationToken cancellationToken)
    {
        var pageList = Pages(wanted.Select(w => w.Page).ToList());
        string? unavailable = null;
        if (options.Ocr == OcrMode.Off)
        {
            unavailable = "OCR is off (--ocr off); re-run with --ocr auto to OCR them with tesseract";
        }
        else if (!Ocr.IsAvailable)
        {
            unavailable = $"tesseract is not installed; {TesseractOcr.InstallHint}";
        }
        else if (Ocr.MissingLanguages(options.OcrLanguages) is { Count: > 0 } missing)
        {
            unavailable = $"tesseract has no language data for {string.Join(", ", missing)}; {TesseractOcr.InstallHint}";
        }
        if (unavailable is not null)
        {
            var reasons = string.Join("; ", wanted.GroupBy(w => w.Why, StringComparer.Ordinal)
                .Select(g => $"{g.Key}: page(s) {Pages(g.Select(w => w.Page).ToList())}"));
            warnings.Add($"needs OCR — {reasons}. {Capitalise(unavailable)}.");
            // Keep whatever text layer there is (garbled glyphs appear as U+FFFD and show in the quality report).
            var missingText = options.Ocr != OcrMode.Force || blocks.OfType<OcrSlot>().Any(s => s.TextLayer is null);
            for (var i = 0; i < blocks.Count; i++)
            {
                if (blocks[i] is OcrSlot slot)
                {
                    blocks[i] = slot.TextLayer ?? (object)"";
                }
            }
            return (0, missingText);
        }

        var ocred = 0;
        var noImage = new List<int>();
        var failed = new List<string>();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] is not OcrSlot slot)
            {
                continue;
            }
            cancellationToken.ThrowIfCancellationRequested();
            var image = PageImage.Get(document.GetPage(slot.Number));
            if (image is null)
            {
                noImage.Add(slot.Number);
                blocks[i] = slot.TextLayer ?? (object)"";
                continue;
            }
            try
            {
                blocks[i] = Ocr.Recognize(image.Value.Bytes, options.OcrLanguages, image.Value.Dpi, cancellationToken);
                ocred++;
            }
            catch (InvalidOperationException ex)
            {
                failed.Add($"page {slot.Number}: {ex.Message}");
                blocks[i] = slot.TextLayer ?? (object)"";
            }
        }
        if (noImage.Count > 0)
        {
            warnings.Add($"needs OCR — page(s) {Pages(noImage)}: no page image could be taken from the PDF for tesseract "
                + "(no single page-sized image in a format PdfPig can hand over: PNG-convertible, JPEG or JPEG 2000; e.g. JBIG2/CCITT scans or vector-drawn text). "
                + "Convert the file to images with a PDF tool and OCR those, or get a text version of the document.");
        }
        foreach (var message in failed)
        {
            warnings.Add($"OCR failed on {message}");
        }
        if (ocred > 0)
        {
            warnings.Add($"page(s) {pageList} were OCR'd with tesseract ({options.OcrLanguages}); expect a few percent of wrong characters there.");
        }
        return (ocred, noImage.Count > 0 || failed.Count > 0);
    }

    private static string Assemble(List<object> blocks)
    {
        var sb = new StringBuilder();
        var run = new List<PageLines>();
        // Header/footer repetition is counted over all text pages of the document, so decorate first.
        var textPages = blocks.OfType<PageLines>().ToList();
        var decorated = PageDecorations.Remove(textPages).ToDictionary(p => p.Number);
        foreach (var block in blocks)
        {
            if (block is PageLines page)
            {
                run.Add(decorated[page.Number]);
            }
            else if (block is string ocrText)
            {
                if (run.Count > 0)
                {
                    AppendParagraphs(sb, ParagraphJoiner.Join(run));
                    run.Clear();
                }
                AppendParagraphs(sb, ocrText);
            }
        }
        if (run.Count > 0)
        {
            AppendParagraphs(sb, ParagraphJoiner.Join(run));
        }
        return CjkText.Clean(sb.ToString(), joinLines: false).Trim();
    }

    private static void AppendParagraphs(StringBuilder sb, string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return;
        }
        if (sb.Length > 0)
        {
            sb.Append('\n');
        }
        sb.Append(text);
    }

    private static string? CleanTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }
        title = title.Trim();
        string[] junk = [".doc", ".pdf", ".wps", "Microsoft Word", "untitled", "无标题", "Untitled"];
        if (junk.Any(j => title.Contains(j, StringComparison.OrdinalIgnoreCase)) || !title.Any(char.IsLetter))
        {
            return null;
        }
        return title;
    }

    /// <summary>Formats page numbers compactly: 1-3, 5, 9.</summary>
    internal static string Pages(IReadOnlyList<int> pages)
    {
        var parts = new List<string>();
        for (var i = 0; i < pages.Count; i++)
        {
            var start = pages[i];
            while (i + 1 < pages.Count && pages[i + 1] == pages[i] + 1)
            {
                i++;
            }
            parts.Add(start == pages[i]
                ? start.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{start}-{pages[i]}"));
        }
        return string.Join(", ", parts);
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>A page waiting for OCR; <see cref="TextLayer"/> is its (garbled) text layer, if any.</summary>
    private sealed record OcrSlot(int Number, PageLines? TextLayer);
}
