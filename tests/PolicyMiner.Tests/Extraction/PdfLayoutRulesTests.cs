using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Pdf;

namespace PolicyMiner.Tests.Extraction;

public class PdfLayoutRulesTests
{
    [Theory]
    [InlineData("— 3 —")]
    [InlineData("- 12 -")]
    [InlineData("第3页")]
    [InlineData("第 3 页 共 10 页")]
    [InlineData("3/10")]
    [InlineData("Page 7")]
    [InlineData("15")]
    public void Page_number_forms_are_recognised(string line) => Assert.True(PageDecorations.IsPageNumber(line));

    [Theory]
    [InlineData("第三条")]
    [InlineData("2023年")]
    [InlineData("川府发〔2020〕12号")]
    public void Body_text_is_not_a_page_number(string line) => Assert.False(PageDecorations.IsPageNumber(line));

    [Fact]
    public void Clean_removes_spaces_between_cjk_and_keeps_them_between_latin_words()
    {
        Assert.Equal("中华人民共和国 Federal Register", CjkText.Clean("中华 人民\t共和国 Federal Register"));
    }

    [Fact]
    public void Clean_joins_a_hard_wrap_inside_a_chinese_sentence_but_not_after_a_full_stop()
    {
        Assert.Equal("为了加强管理，制定本规定。\n第二条", CjkText.Clean("为了加强\n管理，制定本规定。\n第二条"));
    }

    [Fact]
    public void Header_repeated_in_the_top_band_is_removed_but_the_same_words_in_the_body_stay()
    {
        static PageLines Page(int n) => new(n,
        [
            new TextLine("国务院行政法规", 200, 300, 800, 10),
            new TextLine("国务院行政法规", 72, 172, 500, 12),
            new TextLine($"— {n} —", 280, 310, 30, 10),
        ], 0, 842);
        var pages = PageDecorations.Remove([Page(1), Page(2), Page(3)]);
        Assert.All(pages, p => Assert.Equal(["国务院行政法规"], p.Lines.Select(l => l.Text)));
        Assert.All(pages, p => Assert.Equal(500, p.Lines[0].Baseline));
    }

    [Fact]
    public void Hyphenated_latin_word_is_rejoined_and_cjk_wrap_has_no_separator()
    {
        var page = new PageLines(1,
        [
            new TextLine("The regulation applies to all regu-", 72, 520, 700, 12),
            new TextLine("lated airplanes and", 72, 300, 686, 12),
            new TextLine("为了加强对上海航运交易所的管理，维护航运交易秩序，促进水路货物运", 72, 520, 600, 12),
            new TextLine("输业的发展。", 72, 150, 586, 12),
        ], 0, 842);
        var text = ParagraphJoiner.Join([page]);
        Assert.Contains("all regulated airplanes and", text, StringComparison.Ordinal);
        Assert.Contains("水路货物运输业", text, StringComparison.Ordinal);
    }
}
