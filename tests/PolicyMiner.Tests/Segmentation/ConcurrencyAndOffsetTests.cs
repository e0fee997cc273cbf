using PolicyMiner.Segmentation;

namespace PolicyMiner.Tests.Segmentation;

public class ConcurrencyAndOffsetTests
{
    private const string Sentence = "李小福是创新办主任也是云计算方面的专家";

    [Fact]
    public async Task Parallel_cuts_while_words_are_added_see_the_dictionary_before_or_after_never_half()
    {
        var jieba = JiebaTokenizer.Create();
        var lines = JiebaGold.Corpus.Take(400).Select(l => l.Text).ToArray();
        var before = lines.Select(l => string.Join("│", jieba.Cut(l))).ToArray();
        string sentenceBefore = string.Join("│", jieba.Cut(Sentence));
        using var readersRunning = new CountdownEvent(4);
        var writer = Task.Run(() =>
        {
            readersRunning.Wait(); // make sure the cuts below really overlap the additions
            // Words that never occur in the sampled lines (Latin letters inside Han text), plus one that does.
            for (int i = 0; i < 300; i++)
            {
                jieba.AddWord($"词x{i:D3}测", 10 + i, "nz");
            }
            jieba.AddWord("创新办", 3, "i");
            jieba.AddWord("云计算");
        });
        string sentenceAfter = "李小福│是│创新办│主任│也│是│云计算│方面│的│专家";
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            readersRunning.Signal();
            do
            {
                for (int i = 0; i < lines.Length; i += 7)
                {
                    Assert.Equal(before[i], string.Join("│", jieba.Cut(lines[i])));
                }
                var s = string.Join("│", jieba.Cut(Sentence));
                // Either no addition of the two words yet, one of them, or both — never a torn state.
                Assert.True(s == sentenceBefore || s == sentenceAfter || s == "李小福│是│创新办│主任│也│是│云│计算│方面│的│专家", s);
            }
            while (!writer.IsCompleted);
        })).ToArray();
        await writer;
        await Task.WhenAll(readers);
        Assert.Equal(sentenceAfter, string.Join("│", jieba.Cut(Sentence)));
        for (int i = 0; i < 300; i++)
        {
            Assert.Equal(10 + i, jieba.GetFrequency($"词x{i:D3}测"));
        }
        Assert.Equal(["其", "词x007测", "好"], jieba.Cut("其词x007测好"));
    }

    [Fact]
    public void Surrogate_pairs_are_never_split_in_any_mode()
    {
        const string text = "😀中文𠀀测试🇨🇳 ok𠀀𠀁\U0001F600";
        var jieba = JiebaTokenizer.Default;
        var all = new List<string>();
        all.AddRange(jieba.Cut(text));
        all.AddRange(jieba.Cut(text, hmm: false));
        all.AddRange(jieba.CutAll(text));
        all.AddRange(jieba.CutForSearch(text));
        all.AddRange(jieba.CutWithPos(text).Select(p => p.Word));
        all.AddRange(jieba.Tokenize(text, TokenizeMode.Search).Select(t => t.Word));
        foreach (var token in all)
        {
            Assert.False(token.Length > 0 && char.IsLowSurrogate(token[0]), $"token starts with a low surrogate: {token}");
            Assert.False(token.Length > 0 && char.IsHighSurrogate(token[^1]), $"token ends with a high surrogate: {token}");
        }
        Assert.Equal(["😀", "中文", "𠀀", "测试", "🇨", "🇳", " ", "ok", "𠀀", "𠀁", "😀"], jieba.Cut(text));
    }

    [Fact]
    public void Tokenize_offsets_are_utf16_indices_of_the_words()
    {
        const string text = "😀永和服装饰品有限公司";
        var tokens = JiebaTokenizer.Default.Tokenize(text);
        Assert.Equal(new Token("😀", 0, 2), tokens[0]);
        Assert.Equal(new Token("永和", 2, 4), tokens[1]);
        foreach (var t in tokens)
        {
            Assert.Equal(t.Word, text[t.Start..t.End]);
        }
        Assert.Equal(text, string.Concat(tokens.Select(t => t.Word)));
    }

    [Fact]
    public void Tokenize_search_mode_matches_jieba_offsets()
    {
        // python3-jieba 0.42.1: list(jieba.tokenize('永和服装饰品有限公司', mode='search'))
        Assert.Equal(
            [new("永和", 0, 2), new("服装", 2, 4), new("饰品", 4, 6), new("有限", 6, 8), new("公司", 8, 10), new Token("有限公司", 6, 10)],
            JiebaTokenizer.Default.Tokenize("永和服装饰品有限公司", TokenizeMode.Search));
    }
}
