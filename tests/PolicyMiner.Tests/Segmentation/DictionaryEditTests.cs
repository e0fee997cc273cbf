using PolicyMiner.Segmentation;

namespace PolicyMiner.Tests.Segmentation;

/// <summary>
/// AddWord / DeleteWord / SuggestFrequency / LoadUserDictionary. Expected values were produced by Debian
/// python3-jieba 0.42.1 (CPython 3.11) running the same calls in the same order on a fresh default tokenizer.
/// </summary>
public class DictionaryEditTests
{
    private const string Sentence = "李小福是创新办主任也是云计算方面的专家";

    [Fact]
    public void SuggestFrequency_matches_jieba_for_words_and_segment_tuples()
    {
        var jieba = JiebaTokenizer.Create();
        Assert.Equal(69, jieba.SuggestFrequency("台中"));
        Assert.Equal(494, jieba.SuggestFrequency(["中", "将"]));
        Assert.Equal(1, jieba.SuggestFrequency("云计算"));
        Assert.Equal(318826, jieba.SuggestFrequency("的"));
    }

    [Fact]
    public void SuggestFrequency_with_tune_changes_the_cut_as_in_jieba()
    {
        var jieba = JiebaTokenizer.Create();
        Assert.Equal(["如果", "放到", "post", "中将", "出错", "。"], jieba.Cut("如果放到post中将出错。"));
        Assert.Equal(494, jieba.SuggestFrequency(["中", "将"], tune: true));
        Assert.Equal(["如果", "放到", "post", "中", "将", "出错", "。"], jieba.Cut("如果放到post中将出错。"));
        Assert.Equal(["「", "台", "中", "」", "正确", "应该", "不会", "被", "切开"], jieba.Cut("「台中」正确应该不会被切开"));
        Assert.Equal(69, jieba.SuggestFrequency("台中", tune: true));
        Assert.Equal(["「", "台中", "」", "正确", "应该", "不会", "被", "切开"], jieba.Cut("「台中」正确应该不会被切开"));
    }

    [Fact]
    public void AddWord_and_DeleteWord_change_cuts_tags_and_total_as_in_jieba()
    {
        var jieba = JiebaTokenizer.Create();
        long total = jieba.TotalFrequency;
        Assert.Equal(["李小福", "是", "创新", "办", "主任", "也", "是", "云", "计算", "方面", "的", "专家"], jieba.Cut(Sentence));
        jieba.AddWord("创新办", 3, "i");
        jieba.AddWord("云计算");
        Assert.Equal(["李小福", "是", "创新办", "主任", "也", "是", "云计算", "方面", "的", "专家"], jieba.Cut(Sentence));
        Assert.Equal(
            ["李小福/nr", "是/v", "创新办/i", "主任/b", "也/d", "是/v", "云计算/x", "方面/n", "的/uj", "专家/n"],
            jieba.CutWithPos(Sentence).Select(p => p.Word + "/" + p.Flag));
        jieba.DeleteWord("主任");
        Assert.Equal(["李小福", "是", "创新办", "主", "任", "也", "是", "云计算", "方面", "的", "专家"], jieba.Cut(Sentence));
        Assert.Equal(0, jieba.GetFrequency("主任"));
        // total grows by 3 (创新办) + 1 (云计算, suggested) + 0 (主任 deleted), never shrinks (jieba's quirk).
        Assert.Equal(total + 4, jieba.TotalFrequency);
    }

    [Fact]
    public void Additions_to_a_created_tokenizer_do_not_leak_into_Default()
    {
        var jieba = JiebaTokenizer.Create();
        jieba.AddWord("创新办", 3, "i");
        Assert.Contains("创新办", jieba.Cut(Sentence));
        Assert.DoesNotContain("创新办", JiebaTokenizer.Default.Cut(Sentence));
    }
}
