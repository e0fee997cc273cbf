using PolicyMiner.Tests.Segmentation.Keywords;

namespace PolicyMiner.Tests.Cli;

public class KeywordsCommandTests
{
    private static KeywordGold.Document Doc1 => KeywordGold.Documents.First(d => d.Id == 1);

    private static string[] Lines(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Tfidf_of_a_file_prints_word_tab_python_repr_weight_best_first()
    {
        using var dir = new TempDir();
        var path = dir.Write("doc1.txt", Doc1.Text);
        var result = CliRunner.Run("", "keywords", path, "-k", "10");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal(Doc1.TfIdfRows, Lines(result.Stdout));
        Assert.EndsWith("\n", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Textrank_flag_on_standard_input_prints_textrank_keywords()
    {
        var result = CliRunner.Run(Doc1.Text, "keywords", "--textrank", "-k", "10");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Doc1.TextRankRows, Lines(result.Stdout));
        Assert.StartsWith(Doc1.TextRank[0].Word + "\t1.0\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_top_k_is_twenty_like_jieba()
    {
        var result = CliRunner.Run(Doc1.Text, "keywords");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(20, Lines(result.Stdout).Length);
        Assert.Equal(Doc1.TfIdfRows, Lines(result.Stdout).Take(10));
    }

    [Fact]
    public void Stop_word_file_removes_its_words_from_the_keywords()
    {
        using var dir = new TempDir();
        var top = Doc1.TfIdf[0].Word;
        var stop = dir.Write("stop.txt", top + "\n");
        var result = CliRunner.Run(Doc1.Text, "keywords", "--stop-words", stop, "-k", "0");
        Assert.Equal(0, result.ExitCode);
        var words = Lines(result.Stdout).Select(l => l.Split('\t')[0]).ToList();
        Assert.DoesNotContain(top, words);
        Assert.Equal(Doc1.TfIdf[1].Word, words[0]);
    }

    [Fact]
    public void Allow_pos_keeps_only_words_with_those_flags()
    {
        var all = Lines(CliRunner.Run(Doc1.Text, "keywords", "-k", "0").Stdout).Length;
        var nounsOnly = CliRunner.Run(Doc1.Text, "keywords", "--allow-pos", "n", "-k", "0");
        Assert.Equal(0, nounsOnly.ExitCode);
        var n = Lines(nounsOnly.Stdout).Length;
        Assert.InRange(n, 1, all - 1);
    }

    [Fact]
    public void Missing_input_file_fails_naming_the_file()
    {
        var result = CliRunner.Run("", "keywords", "/no/such/doc.txt");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("/no/such/doc.txt", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_that_is_not_utf8_fails_with_a_message()
    {
        using var dir = new TempDir();
        var path = dir.WriteBytes("gbk.txt", [0xD6, 0xD0, 0xB9, 0xFA]); // "中国" in GB18030
        var result = CliRunner.Run("", "keywords", path);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("UTF-8", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_top_k_is_rejected()
    {
        var result = CliRunner.Run("中国", "keywords", "-k", "-1");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--top-k", result.Stderr, StringComparison.Ordinal);
    }
}
