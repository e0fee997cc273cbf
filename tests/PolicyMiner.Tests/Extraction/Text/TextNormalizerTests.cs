using PolicyMiner.Extraction.Text;

namespace PolicyMiner.Tests.Extraction.Text;

public class TextNormalizerTests
{
    [Fact]
    public void Full_width_ascii_becomes_half_width_but_chinese_punctuation_stays()
    {
        Assert.Equal("第12条", TextNormalizer.Normalize("第１２条"));
        Assert.Equal("GDP增长5%，达到ABC。", TextNormalizer.Normalize("ＧＤＰ增长５％，达到ＡＢＣ。"));
        Assert.Equal("（一）是否：是；否！？", TextNormalizer.Normalize("（一）是否：是；否！？"));
    }

    [Fact]
    public void Kangxi_radicals_and_compatibility_ideographs_become_unified_ideographs()
    {
        // ⼈ U+2F08 and ⽇ U+2F47 appear in PDF text layers instead of 人 and 日.
        Assert.Equal("人民日报", TextNormalizer.Normalize("\u2F08民\u2F47报"));
    }

    [Fact]
    public void Line_joins_never_put_a_space_between_chinese_characters()
    {
        Assert.Equal("为了保护归侨、侨眷的合法的权利和利益", TextNormalizer.JoinLines(["为了保护归侨、", "侨眷的合法的", "权利和利益"]));
        Assert.Equal("the State Council regulation", TextNormalizer.JoinLines(["the State", "Council regu-", "lation"]));
        Assert.Equal("依照WTO规则", TextNormalizer.JoinLines(["依照", "WTO", "规则"]));
    }

    [Fact]
    public void Spaces_collapse_paragraphs_trim_and_empty_lines_go()
    {
        Assert.Equal("第一条 为了\n第二条", TextNormalizer.Normalize("  第一条 \t  为了\u200B  \r\n\r\n\n第二条  \n"));
    }

    [Fact]
    public void To_simplified_is_applied_only_when_asked()
    {
        Assert.Equal("國家", TextNormalizer.Normalize("國家"));
        Assert.Equal("国家", TextNormalizer.Normalize("國家", toSimplified: true));
    }
}
