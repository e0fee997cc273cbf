using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Parser.Parts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace PolicyMiner.Extraction.Pdf;

/// <summary>
/// Advance widths of an <c>Identity-H</c> composite font read from its CIDFont's <c>/W</c> and <c>/DW</c> (PDF 32000
/// §9.7.4.3), the numbers PdfPig's <c>Type0Font.GetBoundingBox</c> returns as the width (<c>GetWidthFromDictionary</c>,
/// CID = code for Identity-H). Reading them here lets <see cref="GlyphProcessor"/> skip <c>GetBoundingBox</c>, whose
/// ink box makes PdfPig parse the embedded TrueType font's whole <c>glyf</c> table (~60 ms for a fully embedded
/// Times New Roman on a one-page government PDF).
/// </summary>
internal sealed class CidWidths
{
    private readonly Dictionary<int, double> widths;
    private readonly double defaultWidth;

    private CidWidths(Dictionary<int, double> widths, double defaultWidth)
    {
        this.widths = widths;
        this.defaultWidth = defaultWidth;
    }

    /// <summary>Advance width of <paramref name="cid"/> in text space (glyph units / 1000).</summary>
    public double Advance(int cid) => (widths.TryGetValue(cid, out var w) ? w : defaultWidth) / 1000.0;

    /// <summary>
    /// The width tables of the Identity-H fonts in a page's own resources (inherited from the page tree), by resource
    /// name; fonts are read once per document (<paramref name="cache"/>, by object). Other fonts are left out.
    /// </summary>
    public static Dictionary<NameToken, CidWidths> ForPage(DictionaryToken page, IPdfTokenScanner scanner, Dictionary<IndirectReference, CidWidths?> cache)
    {
        var result = new Dictionary<NameToken, CidWidths>();
        var node = page;
        DictionaryToken? resources = null;
        for (var depth = 0; depth < 32 && node is not null && resources is null; depth++)
        {
            resources = Get<DictionaryToken>(node, "Resources", scanner);
            node = Get<DictionaryToken>(node, "Parent", scanner);
        }
        if (resources is null || Get<DictionaryToken>(resources, "Font", scanner) is not { } fonts)
        {
            return result;
        }
        foreach (var (name, token) in fonts.Data)
        {
            if (token is not IndirectReferenceToken reference)
            {
                continue;
            }
            if (!cache.TryGetValue(reference.Data, out var widths))
            {
                widths = DirectObjectFinder.TryGet(token, scanner, out DictionaryToken? font) ? Read(font, scanner) : null;
                cache[reference.Data] = widths;
            }
            if (widths is not null)
            {
                result[NameToken.Create(name)] = widths;
            }
        }
        return result;
    }

    private static CidWidths? Read(DictionaryToken font, IPdfTokenScanner scanner)
    {
        if (Get<NameToken>(font, "Subtype", scanner)?.Data != "Type0" || Get<NameToken>(font, "Encoding", scanner)?.Data != "Identity-H"
            || Get<ArrayToken>(font, "DescendantFonts", scanner) is not { Data.Count: > 0 } descendants
            || !DirectObjectFinder.TryGet(descendants.Data[0], scanner, out DictionaryToken? cidFont))
        {
            return null;
        }
        var defaultWidth = Get<NumericToken>(cidFont, "DW", scanner)?.Data ?? 1000.0;
        var widths = new Dictionary<int, double>();
        if (Get<ArrayToken>(cidFont, "W", scanner) is { } w)
        {
            var items = w.Data;
            var i = 0;
            while (i < items.Count)
            {
                // "c [w1 w2 …]" or "cFirst cLast w".
                if (!TryNumber(items[i], scanner, out var first) || i + 1 >= items.Count)
                {
                    return null; // malformed: let PdfPig decide
                }
                if (DirectObjectFinder.TryGet(items[i + 1], scanner, out ArrayToken? list))
                {
                    for (var k = 0; k < list.Data.Count; k++)
                    {
                        if (!TryNumber(list.Data[k], scanner, out var width))
                        {
                            return null;
                        }
                        widths[(int)first + k] = width;
                    }
                    i += 2;
                }
                else if (i + 2 < items.Count && TryNumber(items[i + 1], scanner, out var last) && TryNumber(items[i + 2], scanner, out var width))
                {
                    for (var c = (int)first; c <= (int)last && c - (int)first < 65536; c++)
                    {
                        widths[c] = width;
                    }
                    i += 3;
                }
                else
                {
                    return null;
                }
            }
        }
        return new CidWidths(widths, defaultWidth);
    }

    private static bool TryNumber(IToken token, IPdfTokenScanner scanner, out double value)
    {
        value = 0;
        if (DirectObjectFinder.TryGet(token, scanner, out NumericToken? number))
        {
            value = number.Data;
            return true;
        }
        return false;
    }

    private static T? Get<T>(DictionaryToken dict, string key, IPdfTokenScanner scanner)
        where T : class, IToken =>
        dict.TryGet(NameToken.Create(key), out var token) && DirectObjectFinder.TryGet(token, scanner, out T? value) ? value : null;
}
