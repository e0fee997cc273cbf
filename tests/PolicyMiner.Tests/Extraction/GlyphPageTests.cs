using PolicyMiner.Extraction.Pdf;
using UglyToad.PdfPig;
using static PolicyMiner.Tests.Extraction.PdfTestSupport;

namespace PolicyMiner.Tests.Extraction;

/// <summary>
/// The reader's own page factory (GlyphPageFactory: no Type 3 glyph procedures, no paths, no Letter objects) must
/// see exactly the glyphs PdfPig's ordinary page sees: same text, font, baseline points, width and point size.
/// </summary>
public class GlyphPageTests
{
    public static TheoryData<string> Files { get; } = new()
    {
        Fixture("law_hukou_registration_chromium.pdf"),
        Fixture("law_macao_garrison_libreoffice.pdf"),
        Fixture("twocolumn_libreoffice.pdf"),
        Fixture("identity_h_truetype_no_tounicode.pdf"),
        Fixture("gbk_euc_h_no_tounicode.pdf"),
        Path.Combine(SharedData.Root, "pdfs", "federal-register-2020-17221.pdf"),
        Path.Combine(SharedData.Root, "pdfs", "hongze_2023_gov_info_disclosure_annual_report.pdf"),
        Path.Combine(SharedData.Root, "pdfs", "anhui_land_use_standard_2020_excerpt.pdf"),
        Path.Combine(SharedData.Root, "pdfs", "gb2312_wincharset_fonts_annual_report_p1.pdf"),
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Glyph_pages_match_pdfpig_letters(string path)
    {
        var options = new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true };
        using var plain = PdfDocument.Open(path, options);
        using var fast = PdfDocument.Open(path, options);
        fast.AddPageFactory<GlyphPage, GlyphPageFactory>();
        var compared = 0;
        for (var n = 1; n <= Math.Min(plain.NumberOfPages, 6); n++)
        {
            var page = plain.GetPage(n);
            var expected = Glyph.FromLetters(page.Letters);
            var actual = fast.GetPage<GlyphPage>(n);
            Assert.Equal(page.CropBox.Bounds, actual.CropBox);
            Assert.Equal(page.NumberOfImages, actual.Images);
            if (actual.HasVerticalText)
            {
                // Vertical (WMode 1) text is left out here; the reader reads such pages with PdfPig's ordinary page.
                Assert.True(actual.Glyphs.Count < expected.Count);
                continue;
            }
            Assert.Equal(expected.Count, actual.Glyphs.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                var (e, a) = (expected[i], actual.Glyphs[i]);
                Assert.Equal(e.Value, a.Value);
                Assert.Equal(e.FontName, a.FontName);
                Assert.Equal(e.StartX, a.StartX, 1e-6);
                Assert.Equal(e.StartY, a.StartY, 1e-6);
                Assert.Equal(e.EndX, a.EndX, 1e-6);
                Assert.Equal(e.EndY, a.EndY, 1e-6);
                Assert.Equal(e.Width, a.Width, 1e-6);
                Assert.Equal(e.PointSize, a.PointSize, 1e-9);
                if (Math.Abs(e.EndX - e.StartX) + Math.Abs(e.EndY - e.StartY) > 0.001)
                {
                    // (Zero-width glyphs: PdfPig breaks the tie with the ink box, which the line builder does not use.)
                    Assert.Equal(page.Letters[i].TextOrientation, a.Orientation);
                }
                compared++;
            }
        }
        Assert.True(compared > 20, $"{path}: only {compared} glyphs compared");
    }

    [Fact]
    public void Type1C_widths_are_read_without_charstrings_and_equal_pdfpigs()
    {
        // The Federal Register's seven Type 1C fonts: FontAdvance must recognise every one (else the reader silently
        // falls back to running CFF charstrings) and give PdfPig's width for every code on the first page.
        var path = Path.Combine(SharedData.Root, "pdfs", "federal-register-2020-17221.pdf");
        using var document = PdfDocument.Open(path);
        document.AddPageFactory<GlyphPage, GlyphPageFactory>();
        var fonts = document.GetPage<GlyphPage>(1).Fonts;
        Assert.True(fonts.Count >= 3, $"{fonts.Count} fonts");
        foreach (var font in fonts)
        {
            var advance = FontAdvance.TryCreate(font);
            Assert.NotNull(advance);
            for (var code = 0; code < 256; code++)
            {
                if (advance.Advance(code) is { } width)
                {
                    Assert.Equal(font.GetBoundingBox(code).Width, width);
                }
            }
        }
    }
}
