using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Parser;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace PolicyMiner.Extraction.Pdf;

/// <summary>One glyph as the line builder needs it: text, font, baseline start/end, advance width, point size.</summary>
/// <param name="Value">Unicode text of the glyph (from ToUnicode / the font's encoding).</param>
/// <param name="FontName">Font name (as PdfPig's <c>Letter.FontName</c>).</param>
/// <param name="StartX">Baseline start x (page space).</param>
/// <param name="StartY">Baseline start y.</param>
/// <param name="EndX">Baseline end x (start + advance, transformed).</param>
/// <param name="EndY">Baseline end y.</param>
/// <param name="Width">Width of the transformed advance box (as <c>Letter.Width</c>).</param>
/// <param name="PointSize">Rendered point size (as <c>Letter.PointSize</c>).</param>
internal readonly record struct Glyph(string Value, string? FontName, double StartX, double StartY, double EndX, double EndY, double Width, double PointSize)
{
    /// <summary>Direction of the baseline, as PdfPig's <c>Letter.TextOrientation</c> (without its glyph-box tie-break).</summary>
    public TextOrientation Orientation =>
        Math.Abs(StartY - EndY) < 0.0001 ? (StartX > EndX + 0.0001 ? TextOrientation.Rotate180 : TextOrientation.Horizontal)
        : Math.Abs(StartX - EndX) < 0.0001 ? (StartY > EndY ? TextOrientation.Rotate90 : TextOrientation.Rotate270)
        : TextOrientation.Other;

    /// <summary>The glyphs of a page read the ordinary way (PdfPig letters); for tools and tests.</summary>
    public static List<Glyph> FromLetters(IEnumerable<Letter> letters) =>
        letters.Select(l => new Glyph(l.Value, l.FontName, l.StartBaseLine.X, l.StartBaseLine.Y, l.EndBaseLine.X, l.EndBaseLine.Y, l.Width, l.PointSize)).ToList();
}

/// <summary>The text content of one page: glyphs in content-stream order, page box, number of images.</summary>
/// <param name="Number">1-based page number.</param>
/// <param name="Dictionary">The page dictionary (for the font scan).</param>
/// <param name="CropBox">The visible page box.</param>
/// <param name="Glyphs">Glyphs in content-stream order.</param>
/// <param name="Images">Images drawn (XObject and inline): a page without glyphs but with images is a scan.</param>
/// <param name="HasVerticalText">True when the page shows text in a vertical (WMode 1) font, whose glyph
/// displacements PdfPig keeps internal: read such a page with PdfPig's ordinary <c>GetPage</c> instead.</param>
/// <param name="FormsSkipped">Form XObjects not entered because forms were nested deeper than
/// <see cref="GlyphProcessor.MaxFormDepth"/> (forms that draw each other would otherwise recurse until the stack overflows).</param>
internal sealed record GlyphPage(int Number, DictionaryToken Dictionary, PdfRectangle CropBox, IReadOnlyList<Glyph> Glyphs, int Images, bool HasVerticalText = false, int FormsSkipped = 0)
{
    /// <summary>The fonts text was shown in on this page (for tests and diagnostics).</summary>
    public IReadOnlyCollection<IFont> Fonts { get; init; } = [];

    /// <summary>Fonts of the document built so far without their embedded program (<see cref="LeanFontStore"/>).</summary>
    public int LeanFonts { get; init; }

    /// <summary>Fonts of the document built so far with their program parsed (kinds that need it).</summary>
    public int WholeFonts { get; init; }
}

/// <summary>
/// A PdfPig page factory (<c>PdfDocument.AddPageFactory</c>, PdfPig's own extension point) that reads only what text
/// extraction needs. Measured on Chromium-printed PDFs (Type 3 fonts; ../shared/notes and the extract-profile
/// benchmark): PdfPig's ordinary page spends ~45 % of its time in <c>GetOrComputeType3GlyphBoundingBox</c>,
/// decoding and parsing every Type 3 glyph procedure again on every page (its cache lives per page) only to read the
/// glyph's ink box, which line building never uses; it also builds path objects and a Letter object per glyph.
/// This factory keeps PdfPig's content-stream parser, fonts, encodings and ToUnicode maps and the exact text-matrix
/// arithmetic of <c>BaseStreamProcessor.ShowTextInternal</c>, but records a small struct per glyph and skips glyph
/// procedures and paths. Not reproduced (not used by our extractor): combining-diacritic merging, ActualText (off
/// in PdfPig by default), clipping. Fonts come from <see cref="LeanFontStore"/>: built when text is first shown in
/// them, and without their embedded program where PdfPig's text and widths do not depend on it.
/// </summary>
internal sealed class GlyphPageFactory : BasePageFactory<GlyphPage>
{
    // Per document (PdfPig makes one factory per document, and keeps one IFont per font object): the Unicode text
    // and advance width of each (font, code). IFont.GetBoundingBox computes the glyph's ink box as well — running
    // CFF charstrings, or parsing a TrueType font's whole glyf table — on every call; we only need the width.
    private readonly Dictionary<IFont, FontGlyphs> glyphCache = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<IndirectReference, CidWidths?> cidWidths = [];

    /// <summary>Called by PdfPig through <c>AddPageFactory&lt;GlyphPage, GlyphPageFactory&gt;</c>.</summary>
    public GlyphPageFactory(IPdfTokenScanner pdfScanner, IResourceStore resourceStore, ILookupFilterProvider filterProvider, IPageContentParser pageContentParser, ParsingOptions parsingOptions)
        : base(pdfScanner, new LeanFontStore(resourceStore, pdfScanner, parsingOptions), filterProvider, pageContentParser, parsingOptions)
    {
    }

    /// <inheritdoc/>
    protected override GlyphPage ProcessPage(int pageNumber, DictionaryToken dictionary, NamedDestinations namedDestinations, MediaBox mediaBox,
        CropBox cropBox, UserSpaceUnit userSpaceUnit, PageRotationDegrees rotation, TransformationMatrix initialMatrix, IReadOnlyList<IGraphicsStateOperation> operations)
    {
        if (operations is null || operations.Count == 0)
        {
            return new GlyphPage(pageNumber, dictionary, cropBox.Bounds, [], 0);
        }
        var processor = new GlyphProcessor(pageNumber, ResourceStore, PdfScanner, PageContentParser, FilterProvider, cropBox, userSpaceUnit, rotation, initialMatrix, ParsingOptions, glyphCache)
        {
            PageWidths = CidWidths.ForPage(dictionary, PdfScanner, cidWidths),
        };
        var (glyphs, images) = processor.Process(pageNumber, operations);
        var store = (LeanFontStore)ResourceStore;
        return new GlyphPage(pageNumber, dictionary, cropBox.Bounds, glyphs, images, processor.HasVerticalText, processor.FormsSkipped)
        {
            Fonts = processor.Fonts,
            LeanFonts = store.LeanFonts,
            WholeFonts = store.WholeFonts,
        };
    }
}

/// <summary>Per document and font: the (Unicode text, advance) of each code met, and the font's width table if read directly.</summary>
/// <param name="Widths">Widths read without PdfPig's ink-box computation (<see cref="FontAdvance"/>), or null.</param>
internal sealed record FontGlyphs(FontAdvance? Widths)
{
    /// <summary>(Unicode text, advance width in text space) by character code.</summary>
    public Dictionary<int, (string Unicode, double Advance)> Known { get; } = [];
}

/// <summary>The stream processor behind <see cref="GlyphPageFactory"/>; re-implements text showing (Tj, ', ", TJ).</summary>
internal sealed class GlyphProcessor : BaseStreamProcessor<(List<Glyph> Glyphs, int Images)>, IOperationContext
{
    private readonly List<Glyph> glyphs = new(2048);
    private readonly Dictionary<IFont, string?> fontNames = [];
    private readonly Dictionary<IFont, FontGlyphs> glyphCache;
    private int images;
    private int formDepth;

    /// <summary>
    /// Deepest nesting of form XObjects entered. PdfPig draws a form by recursing into it, so two forms that draw each
    /// other (a crafted 1 KB PDF; issue 12) recurse until the stack overflows, which no .NET code can catch and which
    /// kills the whole batch. Real documents nest forms a few levels deep.
    /// </summary>
    public const int MaxFormDepth = 32;

    /// <summary>Forms not entered because they were nested deeper than <see cref="MaxFormDepth"/>.</summary>
    public int FormsSkipped { get; private set; }

    /// <summary>Widths of the Identity-H fonts of the page's own resources, by resource name (<see cref="CidWidths"/>).</summary>
    public IReadOnlyDictionary<NameToken, CidWidths> PageWidths { get; init; } = new Dictionary<NameToken, CidWidths>();

    /// <summary>The fonts text was shown in.</summary>
    public IReadOnlyCollection<IFont> Fonts => fontNames.Keys;

    /// <summary>True once text in a vertical font was met (its glyphs are not recorded).</summary>
    public bool HasVerticalText { get; private set; }

    /// <summary>Creates the processor for one page.</summary>
    public GlyphProcessor(int pageNumber, IResourceStore resourceStore, IPdfTokenScanner pdfScanner, IPageContentParser pageContentParser,
        ILookupFilterProvider filterProvider, CropBox cropBox, UserSpaceUnit userSpaceUnit, PageRotationDegrees rotation,
        TransformationMatrix initialMatrix, ParsingOptions parsingOptions, Dictionary<IFont, FontGlyphs> glyphCache)
        : base(pageNumber, resourceStore, pdfScanner, pageContentParser, filterProvider, cropBox, userSpaceUnit, rotation, in initialMatrix, parsingOptions)
    {
        this.glyphCache = glyphCache;
    }

    /// <inheritdoc/>
    public override (List<Glyph> Glyphs, int Images) Process(int pageNumberCurrent, IReadOnlyList<IGraphicsStateOperation> operations)
    {
        ProcessOperations(operations);
        return (glyphs, images);
    }

    /// <summary>Tj, ' and ": PdfPig calls this through <see cref="IOperationContext"/> (re-implemented here).</summary>
    public new void ShowText(IInputBytes bytes)
    {
        TextSequence++;
        var font = CurrentFont();
        if (font is not null)
        {
            Show(font, bytes, GetCurrentState().FontState.FromExtendedGraphicsState ? null : PageFontWidths());
        }
    }

    /// <inheritdoc/>
    public override void ShowPositionedText(IReadOnlyList<IToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        TextSequence++;
        var state = GetCurrentState().FontState;
        // As PdfPig: TJ always takes the font by name (not an ExtGState font).
        var font = ResourceStore.GetFont(state.FontName);
        if (font is null)
        {
            MissingFont();
            return;
        }
        var widths = PageFontWidths();
        foreach (var token in tokens)
        {
            if (token is NumericToken number)
            {
                var shift = -number.Data / 1000.0 * state.FontSize;
                TextMatrices.TextMatrix = font.IsVertical
                    ? TextMatrices.TextMatrix.Translate(0, shift)
                    : TextMatrices.TextMatrix.Translate(shift * state.HorizontalScaling / 100.0, 0);
            }
            else
            {
                var bytes = token is HexToken hex ? hex.Bytes.ToArray() : ((StringToken)token).GetBytes();
                Show(font, new MemoryInputBytes(bytes), widths);
            }
        }
    }

    /// <summary>The /W widths of the current font when it is one of the page's own Identity-H fonts (not inside a form).</summary>
    private CidWidths? PageFontWidths() =>
        formDepth == 0 && GetCurrentState().FontState.FontName is { } name && PageWidths.TryGetValue(name, out var widths) ? widths : null;

    /// <inheritdoc/>
    protected override void ProcessFormXObject(StreamToken formStream, NameToken xObjectName)
    {
        if (formDepth >= MaxFormDepth)
        {
            FormsSkipped++;
            return;
        }
        // A form has resources of its own: its font names need not mean the page's fonts.
        formDepth++;
        try
        {
            base.ProcessFormXObject(formStream, xObjectName);
        }
        finally
        {
            formDepth--;
        }
    }

    private IFont? CurrentFont()
    {
        var state = GetCurrentState();
        var font = state.FontState.FromExtendedGraphicsState ? ActiveExtendedGraphicsStateFont : ResourceStore.GetFont(state.FontState.FontName);
        if (font is null)
        {
            MissingFont();
        }
        return font;
    }

    private void MissingFont()
    {
        if (!ParsingOptions.SkipMissingFonts)
        {
            throw new InvalidOperationException($"Could not find the font with name {GetCurrentState().FontState.FontName} in the resource store.");
        }
    }

    /// <summary>BaseStreamProcessor.ShowTextInternal's arithmetic, minus the Type 3 glyph-procedure boxes.</summary>
    private void Show(IFont font, IInputBytes bytes, CidWidths? widths)
    {
        if (font.IsVertical)
        {
            HasVerticalText = true;
            return;
        }
        var state = GetCurrentState();
        var fontState = state.FontState;
        var fontSize = fontState.FontSize;
        var horizontalScaling = fontState.HorizontalScaling / 100.0;
        var characterSpacing = fontState.CharacterSpacing;
        var ctm = state.CurrentTransformationMatrix;
        var rendering = TransformationMatrix.FromValues(fontSize * horizontalScaling, 0, 0, fontSize, 0, fontState.Rise);
        var pointSize = Math.Round(ctm.Multiply(TextMatrices.TextMatrix).Transform(new PdfRectangle(0, 0, 1, fontSize)).Height, 2);
        if (!fontNames.TryGetValue(font, out var fontName))
        {
            fontName = font.Details?.Name;
            fontNames[font] = fontName;
        }
        if (!glyphCache.TryGetValue(font, out var cached))
        {
            cached = new FontGlyphs(FontAdvance.TryCreate(font));
            glyphCache[font] = cached;
        }
        var known = cached.Known;
        while (bytes.MoveNext())
        {
            var code = font.ReadCharacterCode(bytes, out var codeLength);
            if (!known.TryGetValue(code, out var glyph))
            {
                if ((!font.TryGetUnicode(code, out var text) || text is null)
                    && !(ResourceStore is LeanFontStore lean && lean.TryGetUnicodeFromProgram(font, code, out text)))
                {
                    text = ((char)code).ToString(); // as PdfPig (and PDFBox 1.8)
                }
                // Identity-H: the code is the CID and /W holds the width PdfPig would return, without its ink box.
                // Simple Type 1 / CFF: /Widths, as PdfPig returns it, without running the glyph's charstring (FontAdvance).
                glyph = (text, widths is not null ? widths.Advance(code) : cached.Widths?.Advance(code) ?? font.GetBoundingBox(code).Width);
                known[code] = glyph;
            }
            var (unicode, advance) = glyph;
            var wordSpacing = code == ' ' && codeLength == 1 ? fontState.WordSpacing : 0.0;
            var textMatrix = TextMatrices.TextMatrix;
            // The advance box (0,0)-(advance,1) through text rendering, text and current transformation matrices.
            var full = rendering.Multiply(textMatrix).Multiply(ctm);
            var start = full.Transform(new PdfPoint(0, 0));
            var end = full.Transform(new PdfPoint(advance, 0));
            // Letter.Width is the width of the transformed advance box, i.e. the length of its baseline.
            var width = Math.Sqrt(((end.X - start.X) * (end.X - start.X)) + ((end.Y - start.Y) * (end.Y - start.Y)));
            glyphs.Add(new Glyph(unicode, fontName, start.X, start.Y, end.X, end.Y, width, pointSize));

            TextMatrices.TextMatrix = TextMatrices.TextMatrix.Translate(((advance * fontSize) + characterSpacing + wordSpacing) * horizontalScaling, 0);
        }
    }

    /// <inheritdoc/>
    protected override void RenderXObjectImage(XObjectContentRecord xObjectContentRecord) => images++;

    /// <inheritdoc/>
    protected override void RenderInlineImage(InlineImage inlineImage) => images++;

    /// <inheritdoc/>
    public override void RenderGlyph(IFont font, CurrentGraphicsState currentState, double fontSize, double pointSize, int code, string unicode,
        long currentOffset, in TransformationMatrix renderingMatrix, in TransformationMatrix textMatrix, in TransformationMatrix transformationMatrix,
        CharacterBoundingBox characterBoundingBox)
    {
        // Unused: text showing is re-implemented above and never reaches the base class's glyph rendering.
    }

    // Paths, clipping, shading and marked content are not needed for text extraction.

    /// <inheritdoc/>
    public override void BeginSubpath() { }

    /// <inheritdoc/>
    public override PdfPoint? CloseSubpath() => null;

    /// <inheritdoc/>
    public override void StrokePath(bool close) { }

    /// <inheritdoc/>
    public override void FillPath(FillingRule fillingRule, bool close) { }

    /// <inheritdoc/>
    public override void FillStrokePath(FillingRule fillingRule, bool close) { }

    /// <inheritdoc/>
    public override void MoveTo(double x, double y) { }

    /// <inheritdoc/>
    public override void BezierCurveTo(double x2, double y2, double x3, double y3) { }

    /// <inheritdoc/>
    public override void BezierCurveTo(double x1, double y1, double x2, double y2, double x3, double y3) { }

    /// <inheritdoc/>
    public override void LineTo(double x, double y) { }

    /// <inheritdoc/>
    public override void Rectangle(double x, double y, double width, double height) { }

    /// <inheritdoc/>
    public override void EndPath() { }

    /// <inheritdoc/>
    public override void ClosePath() { }

    /// <inheritdoc/>
    public override void ModifyClippingIntersect(FillingRule clippingRule) { }

    /// <inheritdoc/>
    protected override void ClipToRectangle(PdfRectangle rectangle, FillingRule clippingRule) { }

    /// <inheritdoc/>
    public override void BeginMarkedContent(NameToken name, NameToken? propertyDictionaryName, DictionaryToken? properties) { }

    /// <inheritdoc/>
    public override void EndMarkedContent() { }

    /// <inheritdoc/>
    public override void PaintShading(NameToken shadingName) { }
}
