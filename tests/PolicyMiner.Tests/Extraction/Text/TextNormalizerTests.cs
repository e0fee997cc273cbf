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
    public void Cjk_radicals_supplement_code_points_become_the_ideographs_they_stand_for_and_are_counted()
    {
        // As Chromium-printed PDFs deliver them (issue 13): ⺠⻝⻔⻓⻛⻜⻅⻋ for 民食门长风飞见车.
        var text = TextNormalizer.Normalize("人\u2EA0\u2EDD堂\u2ED4\u2ED3\u2EDB\u2EDC\u2EC5\u2ECB", false, out var mapped);
        Assert.Equal("人民食堂门长风飞见车", text);
        Assert.Equal(8, mapped);
        // A target outside the BMP (⺇ U+2E87 → U+20628) comes out as a surrogate pair.
        Assert.Equal("\U00020628", TextNormalizer.Normalize("\u2E87"));
    }

    [Fact]
    public void A_folded_radical_takes_the_simplified_form_only_when_the_rest_of_the_text_is_simplified()
    {
        // ⼾ U+2F3E: Unicode's equivalent is 戶 (U+6236), but a Simplified font draws it as 户 and Chromium maps 户 to it.
        Assert.Equal("公民应当进行户口登记，由户口登记机关办理。",
            TextNormalizer.Normalize("公\u2EA0应当进行\u2F3E口登记，由\u2F3E口登记机关办理。"));
        Assert.Equal("公民應當進行戶口登記。", TextNormalizer.Normalize("公民應當進行\u2F3E口登記。"));
        // Too little evidence either way: Unicode's equivalent stays.
        Assert.Equal("戶口", TextNormalizer.Normalize("\u2F3E口"));
    }

    [Fact]
    public void Deprecated_angle_brackets_become_cjk_angle_brackets()
    {
        Assert.Equal("〈条例〉", TextNormalizer.Normalize("\u2329条例\u232A", false, out var mapped));
        Assert.Equal(2, mapped);
    }

    [Fact]
    public void Every_radical_with_a_unicode_equivalent_is_folded_and_nothing_else_in_the_blocks_is()
    {
        // Unicode 15.1 maps 114 supplement radicals (U+2E81–2EF3 but not the unassigned U+2E9A; U+2E80 has no equivalent) and all 214 Kangxi radicals.
        Assert.Equal(114 + 214 + 2, RadicalFolding.Table.Count);
        Assert.All(RadicalFolding.Table.Where(kv => kv.Key >= 0x2E80), kv => Assert.True(TextNormalizer.IsHan(kv.Value), $"U+{kv.Key:X4}"));
        Assert.Equal("\u2E80", TextNormalizer.Normalize("\u2E80"));
        Assert.Equal("\u31D0", TextNormalizer.Normalize("\u31D0")); // CJK strokes are left alone
        Assert.Equal("中华人民共和国", TextNormalizer.Normalize("中华人民共和国", false, out var none));
        Assert.Equal(0, none);
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
