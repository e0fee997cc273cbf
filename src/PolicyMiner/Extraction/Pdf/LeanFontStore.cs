using System.Reflection;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics.Colors;
using UglyToad.PdfPig.Parser.Parts;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace PolicyMiner.Extraction.Pdf;

/// <summary>
/// The resource store <see cref="GlyphPageFactory"/> gives PdfPig's stream processor: PdfPig's own store for
/// everything but fonts, which are loaded lazily (only fonts text is shown in) and, where text extraction does not
/// need it, without their embedded font program.
/// <para>
/// Why: PdfPig 0.1.16's <c>BasePageFactory.Create</c> calls <c>ResourceStore.LoadResourceDictionary</c> for the page's
/// resources, which builds every font of the page through PdfPig's font factory at once, and the factory parses each
/// embedded TrueType/CFF/Type 1 program whole (<c>TrueTypeFontParser.Parse</c>, <c>CompactFontFormatParser.Parse</c>):
/// 37 % of the read on the real government PDFs (README, "Where the time goes now"); the one-page Anhui standard
/// embeds all of Times New Roman. pdftotext (poppler's <c>GfxFont</c>) reads the text of such fonts from the font
/// dictionary alone — ToUnicode, encoding, widths — and opens the program only when the encoding lives in it.
/// </para>
/// <para>
/// How, keeping the text byte-identical: instead of re-implementing PdfPig's CMap, encoding and width logic (internal
/// in 0.1.16), each font dictionary is handed to PdfPig's own font factory with the program entries (<c>/FontFile</c>,
/// <c>/FontFile2</c>, <c>/FontFile3</c>) removed from its descriptor — only for the font kinds where PdfPig's
/// <c>TryGetUnicode</c>, <c>ReadCharacterCode</c>, width (<c>/W</c>, <c>/Widths</c>, <c>/MissingWidth</c>), writing
/// mode and name provably do not read the program (<see cref="LeanFontDictionary"/>). Everything else — simple TrueType fonts (a
/// missing program sends PdfPig to the system fonts), Type 1 fonts whose encoding is the program's built-in one, Type 3
/// fonts (no program) — goes to the factory unchanged, as before. Name scoping and error handling follow PdfPig's
/// <c>ResourceStore</c> (fonts by reference in a stack of resource dictionaries, direct font dictionaries by name,
/// a font that fails to load is missing when <see cref="ParsingOptions.SkipMissingFonts"/> is set).
/// </para>
/// </summary>
internal sealed class LeanFontStore : IResourceStore
{
    // PdfPig's font factory is internal: reached once per document through its store's private field (like
    // FontAdvance). A PdfPig without it makes this store a plain pass-through (fonts loaded by PdfPig as before).
    private static readonly FieldInfo? FactoryField =
        Type.GetType("UglyToad.PdfPig.Content.ResourceStore, UglyToad.PdfPig")?.GetField("fontFactory", BindingFlags.NonPublic | BindingFlags.Instance);

    private readonly IResourceStore inner;
    private readonly IPdfTokenScanner scanner;
    private readonly ParsingOptions options;
    private readonly Func<DictionaryToken, IFont>? factory;
    private readonly Dictionary<DictionaryToken, Resolved> resolved = new(ReferenceEqualityComparer.Instance);
    private readonly List<Dictionary<NameToken, IndirectReference>> fontStack = [];
    private readonly Dictionary<NameToken, IFont> directFonts = [];
    private readonly Dictionary<IndirectReference, IFont?> fonts = [];
    private readonly Dictionary<IFont, WholeFont> probes = new(ReferenceEqualityComparer.Instance);
    private (NameToken? Name, IFont? Font) last; // as PdfPig's store: the last name asked, until resources change

    /// <summary>Wraps PdfPig's resource store of one document.</summary>
    public LeanFontStore(IResourceStore inner, IPdfTokenScanner scanner, ParsingOptions options)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        this.inner = inner;
        this.scanner = scanner;
        this.options = options;
        // Without SkipMissingFonts PdfPig fails the page at load time for a broken font, used or not: keep its store.
        if (options.SkipMissingFonts && FactoryField is not null && FactoryField.DeclaringType == inner.GetType()
            && FactoryField.GetValue(inner) is { } pigFactory
            && pigFactory.GetType().GetMethod("Get", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, [typeof(DictionaryToken)]) is { } get
            && get.ReturnType == typeof(IFont))
        {
            factory = get.CreateDelegate<Func<DictionaryToken, IFont>>(pigFactory);
        }
    }

    /// <summary>False when PdfPig's font factory could not be reached (then fonts load the ordinary way).</summary>
    public bool IsLean => factory is not null;

    /// <summary>Fonts built without their program so far (for tests and diagnostics).</summary>
    public int LeanFonts { get; private set; }

    /// <summary>Fonts built the ordinary way (program parsed) so far.</summary>
    public int WholeFonts { get; private set; }

    /// <inheritdoc/>
    public void LoadResourceDictionary(DictionaryToken resourceDictionary)
    {
        if (factory is null)
        {
            inner.LoadResourceDictionary(resourceDictionary);
            return;
        }
        if (!resolved.TryGetValue(resourceDictionary, out var level))
        {
            level = Resolve(resourceDictionary);
            resolved[resourceDictionary] = level;
        }
        inner.LoadResourceDictionary(level.WithoutFonts);
        last = default;
        fontStack.Add(level.Fonts);
        foreach (var (name, font) in level.DirectFonts)
        {
            directFonts[name] = font; // as PdfPig: by name, never unloaded
        }
    }

    /// <inheritdoc/>
    public void UnloadResourceDictionary()
    {
        if (factory is not null && fontStack.Count > 0)
        {
            fontStack.RemoveAt(fontStack.Count - 1);
        }
        last = default;
        inner.UnloadResourceDictionary();
    }

    /// <inheritdoc/>
    public IFont? GetFont(NameToken name)
    {
        if (factory is null)
        {
            return inner.GetFont(name);
        }
        if (ReferenceEquals(last.Name, name) && last.Name is not null)
        {
            return last.Font;
        }
        IFont? font = null;
        var found = false;
        for (var i = fontStack.Count - 1; i >= 0 && !found; i--)
        {
            if (fontStack[i].TryGetValue(name, out var reference))
            {
                font = ByReference(reference);
                found = true;
            }
        }
        if (!found)
        {
            font = directFonts.GetValueOrDefault(name);
        }
        last = (name, font);
        return font;
    }

    /// <inheritdoc/>
    public IFont GetFontDirectly(IndirectReferenceToken fontReferenceToken)
    {
        ArgumentNullException.ThrowIfNull(fontReferenceToken);
        if (factory is null)
        {
            return inner.GetFontDirectly(fontReferenceToken);
        }
        // An ExtGState's /Font: PdfPig builds it on every `gs` and lets a failure end the page.
        if (fonts.TryGetValue(fontReferenceToken.Data, out var known) && known is not null)
        {
            return known;
        }
        if (!DirectObjectFinder.TryGet(fontReferenceToken, scanner, out DictionaryToken? dictionary))
        {
            throw new PdfDocumentFormatException($"The requested font reference token {fontReferenceToken} wasn't a font.");
        }
        var font = Build(dictionary);
        fonts[fontReferenceToken.Data] = font;
        return font;
    }

    /// <summary>
    /// The text of <paramref name="code"/> where a lean font's own <c>TryGetUnicode</c> found none: for a font built as a
    /// probe (<see cref="LeanFontDictionary.Probe"/>: its ToUnicode map lacks the code) the whole font, program parsed, is asked — once per
    /// document and only for such codes. False for other fonts (their answer was already the whole font's).
    /// </summary>
    public bool TryGetUnicodeFromProgram(IFont font, int code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        text = null;
        if (!probes.TryGetValue(font, out var whole))
        {
            return false;
        }
        if (!whole.Built)
        {
            try
            {
                whole.Font = factory!(whole.Dictionary);
                WholeFonts++;
            }
#pragma warning disable CA1031 // A program PdfPig cannot use: the code keeps PdfPig's fallback text.
            catch (Exception)
#pragma warning restore CA1031
            {
                whole.Font = null;
            }
            whole.Built = true;
        }
        return whole.Font is not null && whole.Font.TryGetUnicode(code, out text) && text is not null;
    }

    /// <summary>PdfPig's font factory on <paramref name="dictionary"/> as given (for tests comparing whole and lean fonts).</summary>
    internal IFont CreateFont(DictionaryToken dictionary) =>
        factory is null ? throw new InvalidOperationException("PdfPig's font factory was not found.") : factory(dictionary);

    private IFont? ByReference(IndirectReference reference)
    {
        if (fonts.TryGetValue(reference, out var font))
        {
            return font;
        }
        // PdfPig (ResourceStore.LoadFontDictionary): a missing object is skipped, a font that throws is missing.
        var dictionary = DirectObjectFinder.Get<DictionaryToken>(new IndirectReferenceToken(reference), scanner);
        if (dictionary is not null)
        {
            try
            {
                font = Build(dictionary);
            }
#pragma warning disable CA1031 // As PdfPig with SkipMissingFonts: any failure makes the font missing, not the page.
            catch (Exception)
#pragma warning restore CA1031
            {
                font = null;
            }
        }
        fonts[reference] = font;
        return font;
    }

    private IFont Build(DictionaryToken dictionary)
    {
        var lean = LeanFontDictionary.Lean(dictionary, scanner);
        if (!ReferenceEquals(lean, dictionary))
        {
            LeanFonts++;
            return factory!(lean);
        }
        if (LeanFontDictionary.Probe(dictionary, scanner) is { } probe)
        {
            LeanFonts++;
            var font = factory!(probe);
            probes[font] = new WholeFont(dictionary);
            return font;
        }
        WholeFonts++;
        return factory!(dictionary);
    }


    private Resolved Resolve(DictionaryToken resources)
    {
        var byName = new Dictionary<NameToken, IndirectReference>();
        var direct = new List<(NameToken, IFont)>();
        if (!resources.TryGet(NameToken.Font, out var fontToken))
        {
            return new Resolved(resources, byName, direct);
        }
        // Same lookups and failures as PdfPig's ResolveResources (a /Font that is not a dictionary ends the page).
        var fontDictionary = DirectObjectFinder.Get<DictionaryToken>(fontToken, scanner);
        if (fontDictionary is null)
        {
            // A /Font that points to null: PdfPig's store fails on it (the page becomes unreadable); let it say so itself.
            inner.LoadResourceDictionary(resources);
            inner.UnloadResourceDictionary();
            return new Resolved(resources.Without(NameToken.Font), byName, direct);
        }
        foreach (var (key, value) in fontDictionary.Data)
        {
            if (value is IndirectReferenceToken reference)
            {
                byName[NameToken.Create(key)] = reference.Data;
            }
            else if (value is DictionaryToken inline)
            {
                direct.Add((NameToken.Create(key), Build(inline)));
            }
        }
        return new Resolved(resources.Without(NameToken.Font), byName, direct);
    }

    /// <inheritdoc/>
    public bool TryGetXObject(NameToken name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StreamToken? stream) => inner.TryGetXObject(name, out stream);

    /// <inheritdoc/>
    public bool TryGetXObjectReference(NameToken name, out IndirectReference reference) => inner.TryGetXObjectReference(name, out reference);

    /// <inheritdoc/>
    public DictionaryToken? GetExtendedGraphicsStateDictionary(NameToken name) => inner.GetExtendedGraphicsStateDictionary(name);

    /// <inheritdoc/>
    public bool TryGetNamedColorSpace(NameToken name, out ResourceColorSpace namedColorSpace) => inner.TryGetNamedColorSpace(name, out namedColorSpace);

    /// <inheritdoc/>
    public ColorSpaceDetails GetColorSpaceDetails(NameToken? name, DictionaryToken? dictionary) => inner.GetColorSpaceDetails(name, dictionary);

    /// <inheritdoc/>
    public ColorSpaceDetails GetDeviceColorSpaceDetails(ColorSpace deviceColorSpace) => inner.GetDeviceColorSpaceDetails(deviceColorSpace);

    /// <inheritdoc/>
    public DictionaryToken? GetMarkedContentPropertiesDictionary(NameToken name) => inner.GetMarkedContentPropertiesDictionary(name);

    /// <inheritdoc/>
    public IReadOnlyDictionary<NameToken, PatternColor> GetPatterns() => inner.GetPatterns();

    /// <inheritdoc/>
    public Shading GetShading(NameToken name) => inner.GetShading(name);

    /// <summary>The whole font behind a probe, built on first need.</summary>
    private sealed class WholeFont(DictionaryToken dictionary)
    {
        public DictionaryToken Dictionary { get; } = dictionary;

        public bool Built { get; set; }

        public IFont? Font { get; set; }
    }

    /// <summary>One resource dictionary: PdfPig's part (fonts removed) and its fonts by reference and inline.</summary>
    private sealed record Resolved(DictionaryToken WithoutFonts, Dictionary<NameToken, IndirectReference> Fonts, List<(NameToken Name, IFont Font)> DirectFonts);
}
