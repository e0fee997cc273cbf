using System.Text.RegularExpressions;
using PolicyMiner.Extraction.Metadata;
using PolicyMiner.Extraction.Text;

namespace PolicyMiner.Tests.Extraction.Metadata;

/// <summary>Titles of real documents (../shared corpora): right where the text has one, none rather than a wrong one.</summary>
public partial class TitleTests
{
    private static readonly Dictionary<string, string> Texts = PartyTests.GoldTexts();

    private static string? TitleOf(string reference) => MetadataFinder.Find(TextNormalizer.Normalize(Texts[reference])).Title;

    [Theory]
    [InlineData("digital-policies/central/3")]   // body starts "各相关单位:"; the old rule took "(一)未向用户明示…"
    [InlineData("digital-policies/central/11")]  // addressees, then "一、总体要求"
    [InlineData("digital-policies/central/39")]  // a covering notice: its signature "工业和信息化部办公厅" was the title
    [InlineData("policy-transparency/20932")]    // a work report whose first heading is "一、推动经济高质量发展"
    public void A_text_without_a_title_line_gets_no_title_rather_than_a_heading_or_signature(string reference) =>
        Assert.Null(TitleOf(reference));

    [Theory]
    [InlineData("policy-transparency/292218", "湖北省推广使用车用乙醇汽油试点办法")] // after its promulgation order (…令第282号, 。, 省长, date)
    [InlineData("policy-transparency/301789", "浙江省人民政府　浙江省军区 关于表彰2002年冬季退役士兵安置工作先进单位 和先进个人的通报")] // after "索引号：… 主题分类：" furniture
    [InlineData("digital-policies/central/36", "商务部关于公布首批全国示范智慧商圈、全国示范智慧商店名单的通知")]
    [InlineData("digital-policies/central/72", "民政部对“关于应对老龄社会，深化运用人工智能技术强化老年人群体关爱的建议”的答复")] // its ， is inside the quotes
    public void A_title_line_is_found_also_after_furniture_or_a_promulgation_order(string reference, string title) =>
        Assert.Equal(title, TitleOf(reference));

    [Fact]
    public void No_numbered_section_heading_is_ever_a_title_of_the_real_texts()
    {
        var headings = Texts.Select(kv => (kv.Key, Title: TitleOf(kv.Key)))
            .Where(t => t.Title is not null && SectionHeading().IsMatch(t.Title)).ToList();
        // Before the body rule 96 of these documents' titles were headings such as 一、总体要求 or 第一章 总则.
        Assert.True(headings.Count == 0, string.Join("\n", headings.Select(h => $"{h.Key}: {h.Title}")));
    }

    [Fact]
    public void Every_regulation_keeps_its_first_line_as_title()
    {
        var regulations = Texts.Where(kv => kv.Key.StartsWith("regulations/", StringComparison.Ordinal)).ToList();
        Assert.True(regulations.Count >= 50);
        foreach (var (reference, text) in regulations)
        {
            var first = TextNormalizer.Normalize(text).Split('\n').Select(l => l.Trim()).First(l => l.Length > 0); // as MetadataFinder sees the .md text ("# 条例名")
            Assert.True(first == TitleOf(reference), $"{reference}: title {TitleOf(reference)}, first line {first}");
        }
    }

    [GeneratedRegex(@"^(?:第[一二三四五六七八九十]+[章节条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")]
    private static partial Regex SectionHeading();
}
