using System.Text.RegularExpressions;
using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Pdf;
using static PolicyMiner.Tests.Extraction.PdfTestSupport;

namespace PolicyMiner.Tests.Extraction;

public class PdfReaderTests
{
    public static TheoryData<string> TextLayerFixtures => new()
    {
        "regulation_libreoffice.pdf",
        "twocolumn_libreoffice.pdf",
        "gbk_euc_h_no_tounicode.pdf",
        "unigb_ucs2_h_no_tounicode.pdf",
        "identity_h_truetype_no_tounicode.pdf",
    };

    [Theory]
    [MemberData(nameof(TextLayerFixtures))]
    public void Text_layer_pdf_has_character_error_rate_at_most_half_a_percent(string name)
    {
        var doc = PdfReader.Instance.Read(Fixture(name), OcrOff);
        var cer = Cer(doc.Text, GroundTruth(name));
        Assert.True(cer <= 0.005, $"{name}: CER {cer:P2}\n{doc.Text}");
        Assert.False(doc.NeedsOcr);
    }

    [Theory]
    [MemberData(nameof(TextLayerFixtures))]
    public void No_space_is_inserted_between_han_characters(string name)
    {
        var doc = PdfReader.Instance.Read(Fixture(name), OcrOff);
        Assert.Empty(SpuriousHanSpaces(doc.Text, GroundTruth(name)));
    }

    [Fact]
    public void Running_headers_and_page_numbers_are_removed()
    {
        var doc = PdfReader.Instance.Read(Fixture("regulation_libreoffice.pdf"), OcrOff);
        Assert.True(doc.Pages >= 3, "the fixture must have several pages for the header to repeat");
        Assert.DoesNotContain("国务院行政法规", doc.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"—\s*\d+\s*—"), doc.Text);
    }

    [Fact]
    public void Page_number_footer_is_removed_even_without_a_repeating_header()
    {
        var doc = PdfReader.Instance.Read(Fixture("gbk_euc_h_no_tounicode.pdf"), OcrOff);
        Assert.DoesNotMatch(new Regex(@"—\s*\d+\s*—"), doc.Text);
    }

    [Fact]
    public void Lines_wrapped_inside_chinese_sentences_are_joined_into_paragraphs()
    {
        // The generator hard-wraps every paragraph at 38 characters, mid-sentence.
        var doc = PdfReader.Instance.Read(Fixture("gbk_euc_h_no_tounicode.pdf"), OcrOff);
        var lines = doc.Text.Split('\n').Select(StripWhitespace).ToHashSet(StringComparer.Ordinal);
        foreach (var paragraph in GroundTruth("gbk_euc_h_no_tounicode.pdf").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains(StripWhitespace(paragraph), lines);
        }
    }

    [Fact]
    public void Two_column_page_is_read_column_by_column()
    {
        var doc = PdfReader.Instance.Read(Fixture("twocolumn_libreoffice.pdf"), OcrOff);
        var text = StripWhitespace(doc.Text);
        var paragraphs = GroundTruth("twocolumn_libreoffice.pdf").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(StripWhitespace).ToList();
        var positions = paragraphs.Select(p => text.IndexOf(p, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order().ToList(), positions);
    }

    [Fact]
    public void Identity_h_font_without_tounicode_is_decoded_from_its_embedded_cmap()
    {
        var doc = PdfReader.Instance.Read(Fixture("identity_h_truetype_no_tounicode.pdf"), OcrOff);
        Assert.DoesNotContain('\uFFFD', doc.Text);
        Assert.StartsWith("世界博览会标志保护条例", doc.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Undecodable_identity_h_font_becomes_replacement_characters_and_needs_ocr()
    {
        var doc = PdfReader.Instance.Read(Fixture("identity_h_not_embedded_no_tounicode.pdf"), OcrOff);
        Assert.True(doc.NeedsOcr);
        Assert.DoesNotContain(doc.Text, c => IsHan(c));
        Assert.Contains('\uFFFD', doc.Text);
        Assert.Contains(doc.Warnings, w => w.Contains("page(s) 1", StringComparison.Ordinal) && w.Contains("OCR", StringComparison.Ordinal));
        Assert.Contains(doc.Warnings, w => w.Contains("DroidSansFallback", StringComparison.Ordinal));
    }

    [Fact]
    public void Encrypted_pdf_with_empty_user_password_opens()
    {
        var doc = PdfReader.Instance.Read(Fixture("encrypted_empty_user_password.pdf"), OcrOff);
        Assert.True(Cer(doc.Text, GroundTruth("gbk_euc_h_no_tounicode.pdf")) <= 0.005);
    }

    [Fact]
    public void Encrypted_pdf_with_user_password_is_a_read_error_saying_what_to_do()
    {
        var ex = Assert.Throws<DocumentReadException>(() => PdfReader.Instance.Read(Fixture("encrypted_user_password.pdf"), OcrOff));
        Assert.Contains("encrypted_user_password.pdf", ex.Message, StringComparison.Ordinal);
        Assert.Contains("encrypted", ex.Message, StringComparison.Ordinal);
        Assert.Contains("password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_pdf_is_a_read_error_naming_the_file()
    {
        var ex = Assert.Throws<DocumentReadException>(() => PdfReader.Instance.Read(Fixture("truncated.pdf"), OcrOff));
        Assert.Contains("truncated.pdf", ex.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_that_is_not_a_pdf_is_a_read_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"policyminer-notpdf-{Guid.NewGuid():N}.pdf");
        File.WriteAllText(path, "这不是PDF文件，只是一段文字。");
        try
        {
            var ex = Assert.Throws<DocumentReadException>(() => PdfReader.Instance.Read(path, OcrOff));
            Assert.Contains(Path.GetFileName(path), ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Scanned_page_with_ocr_off_is_flagged_needs_ocr_naming_the_page()
    {
        var doc = PdfReader.Instance.Read(Fixture("scanned_image_only.pdf"), OcrOff);
        Assert.True(doc.NeedsOcr);
        Assert.Equal(0, doc.PagesOcred);
        Assert.Equal("", doc.Text);
        Assert.Contains(doc.Warnings, w => w.Contains("page(s) 1", StringComparison.Ordinal) && w.Contains("--ocr auto", StringComparison.Ordinal));
    }

    [Fact]
    public void Scanned_page_without_tesseract_installed_is_flagged_with_install_hint()
    {
        var reader = new PdfReader(new TesseractOcr(Path.Combine(Path.GetTempPath(), "no-such-dir", "tesseract")));
        var doc = reader.Read(Fixture("scanned_image_only.pdf"), new ExtractOptions { Ocr = OcrMode.Auto });
        Assert.True(doc.NeedsOcr);
        Assert.Contains(doc.Warnings, w => w.Contains("page(s) 1", StringComparison.Ordinal) && w.Contains("apt-get install tesseract-ocr", StringComparison.Ordinal));
    }

    [TesseractFact]
    public void Scanned_page_is_ocred_with_tesseract()
    {
        var doc = PdfReader.Instance.Read(Fixture("scanned_image_only.pdf"), new ExtractOptions { Ocr = OcrMode.Auto });
        Assert.Equal(1, doc.PagesOcred);
        Assert.False(doc.NeedsOcr);
        var cer = Cer(doc.Text, GroundTruth("scanned_image_only.pdf"));
        Assert.True(cer <= 0.10, $"OCR CER {cer:P2}\n{doc.Text}");
    }

    [Fact]
    public void Reader_is_picked_by_extension_or_header()
    {
        Assert.True(PdfReader.Instance.CanRead("a.PDF", ReadOnlySpan<byte>.Empty));
        Assert.True(PdfReader.Instance.CanRead("download.bin", "%PDF-1.7\n"u8));
        Assert.False(PdfReader.Instance.CanRead("a.docx", "PK\u0003\u0004"u8));
        Assert.Equal("pdf", PdfReader.Instance.Format);
    }
}
