using PolicyMiner.Segmentation.Keywords;

namespace PolicyMiner.Tests.Segmentation.Keywords;

public class TfIdfScorerTests
{
    [Fact]
    public void Short_whitespace_and_stop_words_are_skipped_and_weights_are_count_times_idf_over_total()
    {
        string[] words = ["The", "航运", "，", "\u3000\u3000", "航运", "会员", "OF", "的", " 会 "];
        var ranked = TfIdfScorer.Rank(words, IdfTable.Default, StopWords.Default, topK: 0);
        // Kept: 航运 ×2, 会员 ×1 → total 3 (The/OF are stop words after lower-casing; the rest are < 2 code points).
        Assert.Equal(["航运", "会员"], ranked.Select(k => k.Word));
        Assert.Equal(2.0 * (IdfTable.Default["航运"] / 3.0), ranked[0].Weight);
        Assert.Equal(1.0 * (IdfTable.Default["会员"] / 3.0), ranked[1].Weight);
    }

    [Fact]
    public void Equal_weights_keep_first_occurrence_order()
    {
        // Three words missing from the IDF table → all get the median → exact ties; ordinal order would be 甲乙丙 → 丙甲乙.
        string[] words = ["乙乙乙乙", "甲甲甲甲", "丙丙丙丙"];
        var ranked = TfIdfScorer.Rank(words, IdfTable.Default, StopWords.Default, topK: 0);
        Assert.Equal(["乙乙乙乙", "甲甲甲甲", "丙丙丙丙"], ranked.Select(k => k.Word));
        Assert.All(ranked, k => Assert.Equal(IdfTable.Default.Median / 3.0, k.Weight));
    }

    [Fact]
    public void Top_k_keeps_the_heaviest_and_zero_keeps_all()
    {
        string[] words = ["航运", "航运", "会员", "交易所", "交易所", "交易所"];
        Assert.Equal(["交易所"], TfIdfScorer.Rank(words, IdfTable.Default, StopWords.Default, topK: 1).Select(k => k.Word));
        Assert.Equal(3, TfIdfScorer.Rank(words, IdfTable.Default, StopWords.Default, topK: 0).Count);
    }

    [Fact]
    public void Added_stop_words_match_the_lower_cased_word()
    {
        var stop = new HashSet<string>(StopWords.Default, StringComparer.Ordinal) { "会员", "abc" };
        string[] words = ["航运", "会员", "ABC"];
        Assert.Equal(["航运"], TfIdfScorer.Rank(words, IdfTable.Default, stop, topK: 0).Select(k => k.Word));
    }

    [Fact]
    public void No_qualifying_word_gives_no_keywords()
        => Assert.Empty(TfIdfScorer.Rank(["的", "，", "the"], IdfTable.Default, StopWords.Default, topK: 10));
}
