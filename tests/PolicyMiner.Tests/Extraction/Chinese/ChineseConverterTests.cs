using System.Text.Json;
using PolicyMiner.Extraction.Chinese;

namespace PolicyMiner.Tests.Extraction.Chinese;

public class ChineseConverterTests
{
    private static readonly ChineseConverter T2S = ChineseConverter.TraditionalToSimplified;

    [Fact]
    public void Tables_are_opencc_t2s_sizes()
    {
        Assert.Equal(477, T2S.PhraseCount);
        Assert.Equal(3512, T2S.CharacterCount);
    }

    [Fact]
    public void Phrases_win_over_characters_longest_first()
    {
        // 乾 alone → 干 (TSCharacters), but 乾坤 is a TSPhrases entry that keeps 乾; 一目瞭然 → 一目了然.
        Assert.Equal("干净", T2S.Convert("乾淨"));
        Assert.Equal("乾坤", T2S.Convert("乾坤"));
        Assert.Equal("一目了然", T2S.Convert("一目瞭然"));
        Assert.Equal("abc 123", T2S.Convert("abc 123"));
    }

    [Fact]
    public void The_1954_work_report_in_traditional_characters_comes_out_simplified()
    {
        var line = File.ReadLines(SharedData.PathOf("corpora", "gov-work-reports", "government_work_reports.jsonl"))
            .First(l => l.Contains("\"1954\"", StringComparison.Ordinal));
        var content = JsonDocument.Parse(line).RootElement.GetProperty("content").GetString()!;
        var simplified = T2S.Convert(content);
        Assert.Contains("中华人民共和国", simplified, StringComparison.Ordinal);
        Assert.Contains("经济建设", simplified, StringComparison.Ordinal);
        // Characters still convertible after conversion: only those kept on purpose by a phrase (e.g. 乾坤).
        var left = simplified.Count(c => T2S.IsConvertibleCharacter(c.ToString()) && T2S.Convert(c.ToString()) != c.ToString());
        var han = simplified.Count(c => c >= '\u4E00' && c <= '\u9FFF');
        Assert.True(han > 10000);
        Assert.True(left <= han / 1000, $"{left} Traditional characters left among {han}");
    }
}
