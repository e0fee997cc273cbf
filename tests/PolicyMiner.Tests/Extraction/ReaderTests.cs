using System.Text;
using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Docx;
using PolicyMiner.Extraction.Html;
using PolicyMiner.Extraction.Text;

namespace PolicyMiner.Tests.Extraction;

public class ReaderTests
{
    private static readonly ExtractOptions Options = new();

    [Fact]
    public void Docx_paragraphs_come_out_in_order()
    {
        var raw = DocxReader.Instance.Read(ExtractionFixtures.PathOf("regulation.docx"), Options);
        var lines = raw.Text.Split('\n');
        Assert.Equal("上海航运交易所管理规定", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("第一条 为了加强对上海航运交易所的管理", StringComparison.Ordinal));
        Assert.True(raw.Text.IndexOf("第一条", StringComparison.Ordinal) < raw.Text.IndexOf("第二条", StringComparison.Ordinal));
    }

    [Fact]
    public void Truncated_docx_is_a_read_error_that_says_what_to_do()
    {
        using var temp = ExtractionFixtures.Temp();
        var bytes = File.ReadAllBytes(ExtractionFixtures.PathOf("regulation.docx"));
        var path = temp.File("truncated.docx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<DocumentReadException>(() => DocxReader.Instance.Read(path, Options));
        Assert.Contains("truncated.docx", ex.Message, StringComparison.Ordinal);
        Assert.Contains("save as .docx", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_main_text_keeps_the_article_and_drops_navigation_and_footer()
    {
        var raw = HtmlReader.Instance.Read(ExtractionFixtures.PathOf("regulation-gbk.html"), Options);
        Assert.Equal("gb18030", raw.Encoding);
        Assert.Equal("上海航运交易所管理规定", raw.Title);
        Assert.Contains("第一条 为了加强对上海航运交易所的管理", raw.Text, StringComparison.Ordinal);
        Assert.Contains("交通部令第8号发布", raw.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("首页", raw.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("版权所有", raw.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("某某规划", raw.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("var nav", raw.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Txt_reader_reports_the_encoding_and_warns_when_it_was_guessed()
    {
        var gbk = PlainTextReader.Txt.Read(ExtractionFixtures.PathOf("law-gbk.txt"), Options);
        Assert.Equal("gb18030", gbk.Encoding);
        Assert.Single(gbk.Warnings);
        var utf8 = PlainTextReader.Txt.Read(ExtractionFixtures.PathOf("law-utf8.txt"), Options);
        Assert.Equal(File.ReadAllText(ExtractionFixtures.PathOf("law-utf8.txt"), Encoding.UTF8).TrimEnd('\n'), utf8.Text);
        Assert.Empty(utf8.Warnings);
    }

    [Fact]
    public void Markdown_heading_is_the_title_and_info_comment_is_dropped()
    {
        var raw = PlainTextReader.Markdown.Read(SharedData.PathOf("corpora", "npc-laws", "docs", "L31a10b7d.md"), Options);
        Assert.Equal("中华人民共和国归侨侨眷权益保护法", raw.Title);
        Assert.DoesNotContain("INFO END", raw.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("#", raw.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Old_word_binary_is_an_error_that_names_the_libreoffice_command()
    {
        using var temp = ExtractionFixtures.Temp();
        var path = temp.File("old.doc");
        File.WriteAllBytes(path, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]);
        var ex = Assert.Throws<DocumentReadException>(() => LegacyWordReader.Instance.Read(path, Options));
        Assert.Contains("soffice --headless --convert-to docx", ex.Message, StringComparison.Ordinal);
    }
}
