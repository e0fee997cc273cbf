using PolicyMiner.Extraction.Pdf;
using static PolicyMiner.Tests.Extraction.PdfTestSupport;

namespace PolicyMiner.Tests.Extraction;

/// <summary>Real PDFs from ../shared/pdfs (provenance in their SOURCE.txt).</summary>
public class SharedPdfTests
{
    [Fact]
    public void Wps_government_report_with_identity_h_fonts_reads_cleanly()
    {
        var doc = PdfReader.Instance.Read(SharedData.PathOf("pdfs", "hongze_2023_gov_info_disclosure_annual_report.pdf"), OcrOff);
        Assert.Equal(5, doc.Pages);
        Assert.Contains("2023年政府信息公开工作年度报告", doc.Text, StringComparison.Ordinal);
        Assert.Contains("中华人民共和国政府信息公开条例", StripWhitespace(doc.Text), StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', doc.Text);
        Assert.False(doc.NeedsOcr);
        var hanSpaces = 0;
        for (var i = 1; i + 1 < doc.Text.Length; i++)
        {
            if (doc.Text[i] == ' ' && IsHan(doc.Text[i - 1]) && IsHan(doc.Text[i + 1]))
            {
                hanSpaces++;
            }
        }
        Assert.Equal(0, hanSpaces);
    }

    [Fact]
    public void Corporate_cover_with_gb2312_named_fonts_reads_chinese_and_english()
    {
        var doc = PdfReader.Instance.Read(SharedData.PathOf("pdfs", "gb2312_wincharset_fonts_annual_report_p1.pdf"), OcrOff);
        Assert.Contains("安徽安利合成革股份有限公司", doc.Text, StringComparison.Ordinal);
        Assert.Contains("ANHUI ANLI ARTIFICIAL LEATHER", doc.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_column_federal_register_keeps_latin_word_spaces()
    {
        var doc = PdfReader.Instance.Read(SharedData.PathOf("pdfs", "federal-register-2020-17221.pdf"), OcrOff);
        Assert.Equal(15, doc.Pages);
        Assert.Contains("Airworthiness Directives; The Boeing Company Airplanes", doc.Text, StringComparison.Ordinal);
        Assert.Contains("The FAA proposes to supersede Airworthiness Directive", doc.Text, StringComparison.Ordinal);
    }
}
