using PolicyMiner.Extraction;
using static PolicyMiner.Tests.Extraction.PdfTestSupport;

namespace PolicyMiner.Tests.Extraction;

/// <summary>
/// Chinese laws printed to PDF by headless Chromium (Type 3 fonts whose ToUnicode maps send 民 to ⺠ U+2EA0, 户 to
/// ⼾ U+2F3E …) and by LibreOffice with Noto CJK (Fixtures/make_printed_fixtures.py, README "Printed PDFs").
/// </summary>
public class PrintedPdfTests
{
    public static TheoryData<string> Files { get; } = new()
    {
        "law_hukou_registration_chromium.pdf",
        "law_hukou_registration_libreoffice.pdf",
        "law_macao_garrison_chromium.pdf",
        "law_macao_garrison_libreoffice.pdf",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Printed_law_extracts_with_at_most_half_a_percent_character_errors_and_no_radicals(string name)
    {
        var doc = new Extractor(OcrOff).ExtractFile(Fixture(name));
        Assert.Null(doc.Error);
        var cer = Cer(doc.Text, GroundTruth(name));
        Assert.True(cer <= 0.005, $"{name}: CER {cer:P2}");
        Assert.DoesNotContain(doc.Text, c => c is >= '\u2E80' and <= '\u2FDF');
        Assert.DoesNotContain('戶', doc.Text);
    }

    [Fact]
    public void Chromium_radicals_are_counted_in_the_quality_report_and_office_pdfs_have_none()
    {
        var chromium = new Extractor(OcrOff).ExtractFile(Fixture("law_hukou_registration_chromium.pdf"));
        var office = new Extractor(OcrOff).ExtractFile(Fixture("law_hukou_registration_libreoffice.pdf"));
        // Every 民 and 户 of the law (and more) came from radical code points.
        var truth = GroundTruth("law_hukou_registration_chromium.pdf");
        Assert.True(chromium.Quality.MappedCharacters >= truth.Count(c => c is '民' or '户'), $"{chromium.Quality.MappedCharacters}");
        Assert.Equal(0, office.Quality.MappedCharacters);
    }
}
