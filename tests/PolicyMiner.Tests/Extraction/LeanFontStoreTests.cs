using PolicyMiner.Extraction.Pdf;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Geometry;
using UglyToad.PdfPig.Graphics.Operations;
using UglyToad.PdfPig.Outline.Destinations;
using UglyToad.PdfPig.Parser;
using UglyToad.PdfPig.Parser.Parts;
using UglyToad.PdfPig.PdfFonts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;
using static PolicyMiner.Tests.Extraction.PdfTestSupport;

namespace PolicyMiner.Tests.Extraction;

/// <summary>
/// Fonts built without their embedded program (<see cref="LeanFontStore"/>) must decode every character code exactly as
/// the whole font does: same code reading, Unicode text (ToUnicode bfchar/bfrange with multi-character and ligature
/// targets, encodings with /Differences through the glyph list, Adobe CJK orderings), advance width, writing mode and
/// name — checked code by code on the real PDFs and the printed fixtures, whole font against lean font.
/// </summary>
public class LeanFontStoreTests
{
    private static readonly ParsingOptions Options = new() { UseLenientParsing = true, SkipMissingFonts = true };

    /// <summary>Files, and whether some font of theirs is built lean or as a probe (Type 3 and non-embedded fonts are not).</summary>
    public static TheoryData<string, bool> Files { get; } = new()
    {
        { Path.Combine(SharedData.Root, "pdfs", "anhui_land_use_standard_2020_excerpt.pdf"), true },
        { Path.Combine(SharedData.Root, "pdfs", "federal-register-2020-17221.pdf"), true },
        { Path.Combine(SharedData.Root, "pdfs", "gb2312_wincharset_fonts_annual_report_p1.pdf"), true },
        { Path.Combine(SharedData.Root, "pdfs", "hongze_2023_gov_info_disclosure_annual_report.pdf"), true },
        { Fixture("identity_h_truetype_no_tounicode.pdf"), true },
        { Fixture("law_hukou_registration_chromium.pdf"), false },
        { Fixture("law_macao_garrison_libreoffice.pdf"), true },
        { Fixture("regulation_libreoffice.pdf"), true },
        { Fixture("identity_h_not_embedded_no_tounicode.pdf"), false },
        { Fixture("gbk_euc_h_no_tounicode.pdf"), false },
        { Fixture("unigb_ucs2_h_no_tounicode.pdf"), false },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Lean_fonts_decode_every_code_as_the_whole_font(string path, bool someLean)
    {
        using var document = PdfDocument.Open(path, Options);
        document.AddPageFactory<LeanFontStore, StoreProbe>();
        var store = document.GetPage<LeanFontStore>(1);
        Assert.True(store.IsLean);
        var scanner = document.Structure.TokenScanner;
        var seen = new HashSet<IndirectReference>();
        var lean = 0;
        for (var n = 1; n <= document.NumberOfPages; n++)
        {
            foreach (var (reference, dictionary) in PageFonts(document, n))
            {
                if (!seen.Add(reference))
                {
                    continue;
                }
                var leanDictionary = LeanFontDictionary.Lean(dictionary, scanner);
                var probe = ReferenceEquals(leanDictionary, dictionary) ? LeanFontDictionary.Probe(dictionary, scanner) : null;
                if (probe is not null)
                {
                    leanDictionary = probe;
                }
                else if (ReferenceEquals(leanDictionary, dictionary))
                {
                    continue;
                }
                lean++;
                AssertNoProgram(leanDictionary, scanner);
                AssertSameDecoding(store.CreateFont(dictionary), store.CreateFont(leanDictionary), path, probe is not null);
            }
        }
        Assert.Equal(someLean, lean > 0);
    }

    [Fact]
    public void Font_kinds_that_need_their_program_are_left_whole()
    {
        // Anhui: four embedded CID TrueType fonts (/DescendantFonts 10 0 R → [11 0 R], as Word writes it) are lean;
        // two simple TrueType fonts stay whole (without /FontFile2 PdfPig would look them up among the system fonts).
        var anhui = Kinds(Path.Combine(SharedData.Root, "pdfs", "anhui_land_use_standard_2020_excerpt.pdf"));
        Assert.Equal(4, anhui.Count(k => k == ("Type0", "lean")));
        Assert.Equal(2, anhui.Count(k => k == ("TrueType", "whole")));
        Assert.Equal(6, anhui.Count);
        // Federal Register: Type 1C with /WinAnsiEncoding are lean; Symbol and ZapfDingbats (/Differences over the
        // program's built-in encoding, with ToUnicode) are probes.
        var register = Kinds(Path.Combine(SharedData.Root, "pdfs", "federal-register-2020-17221.pdf"));
        Assert.Equal(5, register.Count(k => k == ("Type1", "lean")));
        Assert.Equal(2, register.Count(k => k == ("Type1", "probe")));
        Assert.Equal(7, register.Count);
        // LibreOffice: subset Type 1 programs with their built-in encoding and ToUnicode: probes.
        var libreoffice = Kinds(Fixture("law_macao_garrison_libreoffice.pdf"));
        Assert.NotEmpty(libreoffice);
        Assert.All(libreoffice, k => Assert.Equal(("Type1", "probe"), k));
        // Chromium: Type 3 fonts have no program to leave out.
        var chromium = Kinds(Fixture("law_hukou_registration_chromium.pdf"));
        Assert.NotEmpty(chromium);
        Assert.All(chromium, k => Assert.Equal(("Type3", "whole"), k));
    }

    [Fact]
    public void A_code_missing_from_a_probes_tounicode_is_decoded_by_the_whole_font()
    {
        // The Federal Register's Symbol font: its ToUnicode covers some codes; for every other code the reader's answer
        // (probe, then the whole font) must be the whole font's own.
        var path = Path.Combine(SharedData.Root, "pdfs", "federal-register-2020-17221.pdf");
        using var document = PdfDocument.Open(path, Options);
        document.AddPageFactory<LeanFontStore, StoreProbe>();
        var store = document.GetPage<LeanFontStore>(1);
        var scanner = document.Structure.TokenScanner;
        var symbol = Enumerable.Range(1, document.NumberOfPages).SelectMany(n => PageFonts(document, n))
            .First(f => f.Font.TryGet(NameToken.BaseFont, scanner, out NameToken? name) && name.Data == "Symbol");
        var reference = new IndirectReferenceToken(symbol.Reference);
        var probe = store.GetFontDirectly(reference);
        var whole = store.CreateFont(symbol.Font);
        int fromToUnicode = 0, fromProgram = 0;
        for (var code = 0; code < 256; code++)
        {
            var wholeMaps = whole.TryGetUnicode(code, out var expected);
            if (probe.TryGetUnicode(code, out var text))
            {
                fromToUnicode++;
            }
            else if (store.TryGetUnicodeFromProgram(probe, code, out text))
            {
                fromProgram++;
            }
            Assert.Equal(wholeMaps && expected is not null ? expected : null, text);
        }
        Assert.True(fromToUnicode > 0 && fromProgram > 0, $"ToUnicode {fromToUnicode}, program {fromProgram}");
    }

    [Fact]
    public void Glyph_pages_build_text_fonts_lean_and_only_fonts_that_show_text()
    {
        var path = Path.Combine(SharedData.Root, "pdfs", "hongze_2023_gov_info_disclosure_annual_report.pdf");
        using var document = PdfDocument.Open(path, Options);
        document.AddPageFactory<GlyphPage, GlyphPageFactory>();
        GlyphPage? last = null;
        for (var n = 1; n <= document.NumberOfPages; n++)
        {
            last = document.GetPage<GlyphPage>(n);
        }
        Assert.NotNull(last);
        Assert.True(last.LeanFonts >= 5, $"{last.LeanFonts} lean fonts");
        Assert.Equal(0, last.WholeFonts);
    }

    private static List<(string Subtype, string How)> Kinds(string path)
    {
        using var document = PdfDocument.Open(path, Options);
        var scanner = document.Structure.TokenScanner;
        var seen = new HashSet<IndirectReference>();
        var kinds = new List<(string, string)>();
        for (var n = 1; n <= document.NumberOfPages; n++)
        {
            foreach (var (reference, dictionary) in PageFonts(document, n))
            {
                if (seen.Add(reference))
                {
                    var how = !ReferenceEquals(LeanFontDictionary.Lean(dictionary, scanner), dictionary) ? "lean"
                        : LeanFontDictionary.Probe(dictionary, scanner) is not null ? "probe" : "whole";
                    kinds.Add((dictionary.TryGet(NameToken.Subtype, scanner, out NameToken? subtype) ? subtype.Data : "", how));
                }
            }
        }
        return kinds;
    }

    private static IEnumerable<(IndirectReference Reference, DictionaryToken Font)> PageFonts(PdfDocument document, int number)
    {
        var scanner = document.Structure.TokenScanner;
        var page = document.GetPage(number).Dictionary;
        DictionaryToken? resources = null;
        for (var node = page; node is not null && resources is null;)
        {
            resources = node.TryGet(NameToken.Resources, scanner, out DictionaryToken? r) ? r : null;
            node = node.TryGet(NameToken.Parent, scanner, out DictionaryToken? parent) ? parent : null;
        }
        if (resources is null || !resources.TryGet(NameToken.Font, scanner, out DictionaryToken? fonts))
        {
            yield break;
        }
        foreach (var token in fonts.Data.Values)
        {
            if (token is IndirectReferenceToken reference && DirectObjectFinder.TryGet(reference, scanner, out DictionaryToken? font))
            {
                yield return (reference.Data, font);
            }
        }
    }

    private static void AssertNoProgram(DictionaryToken font, IPdfTokenScanner scanner)
    {
        var target = font;
        if (font.TryGet(NameToken.DescendantFonts, out var descendants))
        {
            target = (DictionaryToken)((ArrayToken)descendants).Data[0];
        }
        Assert.True(target.TryGet(NameToken.FontDescriptor, scanner, out DictionaryToken? descriptor));
        Assert.False(descriptor.ContainsKey(NameToken.FontFile) || descriptor.ContainsKey(NameToken.FontFile2) || descriptor.ContainsKey(NameToken.FontFile3));
    }

    /// <summary>
    /// Same name, writing mode, text, width and code reading. A probe (<see cref="LeanFontDictionary.Probe"/>) may fail a code
    /// the whole font decodes through its program's encoding (the reader then asks the whole font), never give other text.
    /// </summary>
    private static void AssertSameDecoding(IFont whole, IFont lean, string path, bool probe)
    {
        Assert.Equal(whole.GetType(), lean.GetType());
        Assert.Equal(whole.Details?.Name, lean.Details?.Name);
        Assert.Equal(whole.IsVertical, lean.IsVertical);
        var composite = whole.GetType().Name == "Type0Font";
        var codes = composite ? 65536 : 256;
        var mapped = 0;
        for (var code = 0; code < codes; code++)
        {
            var w = whole.TryGetUnicode(code, out var wholeText);
            var l = lean.TryGetUnicode(code, out var leanText);
            Assert.True((w == l && wholeText == leanText) || (probe && !l), $"{path} {whole.Name} code {code}: '{wholeText}' vs '{leanText}'");
            mapped += w ? 1 : 0;
            if (w || code < 2048)
            {
                Assert.Equal(whole.GetBoundingBox(code).Width, lean.GetBoundingBox(code).Width);
            }
        }
        // (An Identity-H font without ToUnicode maps no code; FontRepair reads such fonts' own cmap.)
        Assert.True(mapped > 0 || whole.Name!.Data.Contains("DroidSansFallback", StringComparison.Ordinal), $"{path} {whole.Name}: no code maps to text");
        // Code reading (CMap codespace ranges): the same codes from the same bytes.
        var bytes = Enumerable.Range(0, 512).Select(i => (byte)((i * 37) + (i >> 3))).ToArray();
        Assert.Equal(ReadCodes(whole, bytes), ReadCodes(lean, bytes));
    }

    private static List<int> ReadCodes(IFont font, byte[] bytes)
    {
        var codes = new List<int>();
        var input = new MemoryInputBytes(bytes);
        while (input.MoveNext())
        {
            codes.Add(font.ReadCharacterCode(input, out _));
        }
        return codes;
    }

    /// <summary>Hands out the <see cref="LeanFontStore"/> over PdfPig's resource store of a document (a page factory is the only way in).</summary>
    internal sealed class StoreProbe(IPdfTokenScanner scanner, IResourceStore store, ILookupFilterProvider filters, IPageContentParser parser, ParsingOptions options)
        : BasePageFactory<LeanFontStore>(scanner, store, filters, parser, options)
    {
        protected override LeanFontStore ProcessPage(int pageNumber, DictionaryToken dictionary, NamedDestinations namedDestinations, MediaBox mediaBox,
            CropBox cropBox, UserSpaceUnit userSpaceUnit, PageRotationDegrees rotation, TransformationMatrix initialMatrix, IReadOnlyList<IGraphicsStateOperation> operations) =>
            new(ResourceStore, PdfScanner, ParsingOptions);
    }
}
