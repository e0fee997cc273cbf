using PolicyMiner.Segmentation;
using PolicyMiner.Segmentation.Keywords;

namespace PolicyMiner.Tests.Segmentation.Keywords;

public class KeywordExtractorTests
{
    private static string Doc1 => KeywordGold.Documents.First(d => d.Id == 1).Text;

    [Fact]
    public void Stop_words_file_gives_a_new_extractor_and_leaves_the_original_unchanged()
    {
        using var dir = new TempDir();
        var path = dir.Write("stop.txt", "航运\n会员\n");
        var extended = KeywordExtractor.Default.WithStopWordsFile(path);
        Assert.Contains("航运", extended.StopWords);
        Assert.DoesNotContain("航运", KeywordExtractor.Default.StopWords);
        Assert.Equal(33, extended.StopWords.Count);
        var words = extended.ExtractTfIdf(Doc1, topK: 0).Select(k => k.Word).ToList();
        Assert.DoesNotContain("航运", words);
        Assert.DoesNotContain("会员", words);
        Assert.Contains("航运", KeywordExtractor.Default.ExtractTfIdf(Doc1, topK: 3).Select(k => k.Word));
    }

    [Fact]
    public void Tfidf_with_allow_pos_keeps_only_posseg_words_with_those_flags()
    {
        var flags = JiebaTokenizer.Default.CutWithPos(Doc1).ToLookup(t => t.Word, t => t.Flag);
        var keywords = KeywordExtractor.Default.ExtractTfIdf(Doc1, topK: 0, allowPos: ["ns", "nr"]);
        Assert.NotEmpty(keywords);
        Assert.All(keywords, k => Assert.True(flags[k.Word].Any(f => f is "ns" or "nr"), k.Word));
    }

    [Fact]
    public void Textrank_with_empty_allow_pos_finds_nothing_as_in_jieba()
        => Assert.Empty(KeywordExtractor.Default.TextRank(Doc1, topK: 0, allowPos: []));

    [Fact]
    public void Negative_top_k_is_rejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => KeywordExtractor.Default.ExtractTfIdf("中国", topK: -1));
}
