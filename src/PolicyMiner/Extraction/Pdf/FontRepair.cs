using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Fonts.TrueType.Parser;
using UglyToad.PdfPig.Parser.Parts;
using UglyToad.PdfPig.Fonts.TrueType;
using UglyToad.PdfPig.Tokens;

namespace PolicyMiner.Extraction.Pdf;

/// <summary>
/// Repairs text of composite (Type0) fonts that have no <c>/ToUnicode</c> map and an <c>Identity-H/V</c>
/// encoding with a non-Adobe ordering, the case PdfPig cannot decode (issue #230): for such fonts PdfPig falls back
/// to "the character code as a char", i.e. the CID. When the font program is an embedded TrueType font
/// (<c>FontFile2</c>) with a Unicode <c>cmap</c> subtable, CID → GID (via <c>/CIDToGIDMap</c>) → Unicode is
/// recovered by inverting the font's own cmap. Fonts where that is impossible (no embedded program, CFF, no cmap)
/// are reported as unmappable so their glyphs count as garbled (and the page may go to OCR).
/// Predefined Adobe CMaps (GBK-EUC-H, UniGB-UCS2-H, … with Adobe-GB1/CNS1/Japan1/Korea1) need no repair:
/// PdfPig 0.1.16 embeds Adobe's CMaps and maps code → CID → Unicode itself (issue #455; tested by fixture).
/// </summary>
internal sealed class FontRepair
{
    private static readonly HashSet<string> AdobeOrderings = new(StringComparer.Ordinal) { "GB1", "CNS1", "Japan1", "Korea1" };

    private readonly PdfDocument document;
    private readonly Dictionary<IndirectReference, FontFix?> byReference = [];
    private readonly Dictionary<string, FontFix> byName = new(StringComparer.Ordinal);

    /// <summary>Creates a repairer for one open document.</summary>
    public FontRepair(PdfDocument document) => this.document = document;

    /// <summary>Number of fonts that were repaired from their embedded cmap.</summary>
    public int RepairedFonts => byName.Values.Count(f => f.Map is not null);

    /// <summary>Names of fonts whose text cannot be decoded.</summary>
    public IEnumerable<string> UnmappableFonts => byName.Where(kv => kv.Value.Map is null).Select(kv => kv.Key);

    /// <summary>True when some font of the document needs repair (then <see cref="TryMap"/> is worth calling).</summary>
    public bool Active => byName.Count > 0;

    /// <summary>Looks at the fonts of a page's resources (and of its form XObjects, one level deep).</summary>
    public void ScanPage(Page page) => ScanPage(page.Dictionary);

    /// <summary>Looks at the fonts of a page dictionary's resources (and of its form XObjects, two levels deep).</summary>
    public void ScanPage(DictionaryToken pageDictionary)
    {
        var scanner = document.Structure.TokenScanner;
        if (!TryGetResources(pageDictionary, out var resources))
        {
            return;
        }
        ScanResources(resources, depth: 0);

        void ScanResources(DictionaryToken res, int depth)
        {
            if (Get(res, "Font", out DictionaryToken? fonts))
            {
                foreach (var (_, token) in fonts.Data)
                {
                    if (token is IndirectReferenceToken reference && !byReference.ContainsKey(reference.Data))
                    {
                        var fix = DirectObjectFinder.TryGet(token, scanner, out DictionaryToken? fontDict) ? Inspect(fontDict) : null;
                        byReference[reference.Data] = fix;
                        if (fix is not null)
                        {
                            byName.TryAdd(fix.Name, fix);
                        }
                    }
                }
            }
            if (depth < 2 && Get(res, "XObject", out DictionaryToken? xobjects))
            {
                foreach (var (_, token) in xobjects.Data)
                {
                    if (DirectObjectFinder.TryGet(token, scanner, out StreamToken? form)
                        && Get(form.StreamDictionary, "Resources", out DictionaryToken? formRes))
                    {
                        ScanResources(formRes, depth + 1);
                    }
                }
            }
        }

        bool TryGetResources(DictionaryToken pageDict, out DictionaryToken res)
        {
            // Resources are inheritable from the page tree.
            var node = pageDict;
            for (var i = 0; i < 32 && node is not null; i++)
            {
                if (Get(node, "Resources", out DictionaryToken? found))
                {
                    res = found;
                    return true;
                }
                node = Get(node, "Parent", out DictionaryToken? parent) ? parent : null;
            }
            res = null!;
            return false;
        }
    }

    /// <summary>Maps a letter of a broken font to Unicode; false when the font needs no repair or the glyph is unknown.</summary>
    public bool TryMap(string? fontName, string value, out string mapped)
    {
        mapped = value;
        if (fontName is null || value.Length != 1 || !byName.TryGetValue(fontName, out var fix) || fix.Map is null)
        {
            return false;
        }
        var cid = (int)value[0];
        var gid = fix.CidToGid is { } table ? (cid < table.Length ? table[cid] : -1) : cid;
        if (gid >= 0 && fix.Map.TryGetValue(gid, out var unicode))
        {
            mapped = unicode;
            return true;
        }
        mapped = "\uFFFD";
        return true;
    }

    /// <summary>True when the letter's font has no Unicode information at all.</summary>
    public bool IsUnmappable(string? fontName) =>
        fontName is not null && byName.TryGetValue(fontName, out var fix) && fix.Map is null;

    private FontFix? Inspect(DictionaryToken font)
    {
        var scanner = document.Structure.TokenScanner;
        if (!Get(font, "Subtype", out NameToken? subtype) || subtype.Data != "Type0"
            || font.ContainsKey(NameToken.Create("ToUnicode"))
            || !Get(font, "Encoding", out NameToken? encoding)
            || encoding.Data is not ("Identity-H" or "Identity-V"))
        {
            return null;
        }
        var name = Get(font, "BaseFont", out NameToken? baseFont) ? baseFont.Data : "";
        if (!Get(font, "DescendantFonts", out ArrayToken? descendants) || descendants.Data.Count == 0
            || !DirectObjectFinder.TryGet(descendants.Data[0], scanner, out DictionaryToken? cidFont))
        {
            return new FontFix(name, null, null);
        }
        if (Get(cidFont, "CIDSystemInfo", out DictionaryToken? info)
            && Get(info, "Registry", out StringToken? registry) && registry.Data == "Adobe"
            && Get(info, "Ordering", out StringToken? ordering) && AdobeOrderings.Contains(ordering.Data))
        {
            // PdfPig maps CID → Unicode through Adobe-<ordering>-UCS2 itself.
            return null;
        }
        try
        {
            if (!Get(cidFont, "FontDescriptor", out DictionaryToken? descriptor)
                || !Get(descriptor, "FontFile2", out StreamToken? fontFile))
            {
                return new FontFix(name, null, null);
            }
            var bytes = fontFile.Decode(document.Structure.FilterProvider, scanner);
            var trueType = TrueTypeFontParser.Parse(new TrueTypeDataBytes(bytes.ToArray()));
            var cmap = trueType.WindowsUnicodeCMap;
            if (cmap is null)
            {
                return new FontFix(name, null, null);
            }
            var inverse = new Dictionary<int, string>();
            for (var c = 0x20; c <= 0xFFFF; c++)
            {
                if (c is >= 0xD800 and <= 0xDFFF)
                {
                    continue;
                }
                var gid = cmap.CharacterCodeToGlyphIndex(c);
                if (gid > 0)
                {
                    // Prefer the first (lowest) code point, which favours unified ideographs over compatibility ones.
                    inverse.TryAdd(gid, char.ConvertFromUtf32(c));
                }
            }
            int[]? cidToGid = null;
            if (Get(cidFont, "CIDToGIDMap", out StreamToken? mapStream))
            {
                var raw = mapStream.Decode(document.Structure.FilterProvider, scanner).Span;
                cidToGid = new int[raw.Length / 2];
                for (var i = 0; i < cidToGid.Length; i++)
                {
                    cidToGid[i] = (raw[2 * i] << 8) | raw[(2 * i) + 1];
                }
            }
            return new FontFix(name, inverse.Count > 0 ? inverse : null, cidToGid);
        }
#pragma warning disable CA1031 // A broken embedded font only means no repair; the page text decides what happens next.
        catch (Exception)
#pragma warning restore CA1031
        {
            return new FontFix(name, null, null);
        }
    }

    private bool Get<T>(DictionaryToken dict, string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
        where T : class, IToken
    {
        value = null;
        return dict.TryGet(NameToken.Create(key), out var token)
            && DirectObjectFinder.TryGet(token, document.Structure.TokenScanner, out value);
    }

    private sealed record FontFix(string Name, Dictionary<int, string>? Map, int[]? CidToGid);
}
