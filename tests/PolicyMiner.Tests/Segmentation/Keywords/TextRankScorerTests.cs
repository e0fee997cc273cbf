using PolicyMiner.Segmentation.Keywords;

namespace PolicyMiner.Tests.Segmentation.Keywords;

public class TextRankScorerTests
{
    private static readonly HashSet<string> DefaultPos = ["ns", "n", "vn", "v"];

    [Fact]
    public void Ranks_match_python_jieba_on_a_token_stream_bit_for_bit()
    {
        // The same stream fed to jieba 0.42.1's TextRank (tokenizer replaced by this list) printed these reprs.
        // It holds a self-loop (签署 签署), a stop word (The), a supplementary-plane word and a private-use word
        // (their code-point order differs from UTF-16 order and changes the Gauss–Seidel sweep).
        (string, string)[] tokens =
        [
            ("合作", "vn"), ("，", "x"), ("协议", "n"), ("合作", "vn"), ("区域", "n"), ("的", "uj"), ("合作", "vn"),
            ("发展", "vn"), ("𠀀𠀁", "n"), ("\uE000\uE001", "n"), ("区域", "n"), ("The", "n"), ("协议", "n"),
            ("合作", "vn"), (" ", "x"), ("a", "n"), ("签署", "v"), ("签署", "v"),
        ];
        var ranked = TextRankScorer.Rank(tokens, DefaultPos, StopWords.Default, topK: 0);
        (string, double)[] python =
        [
            ("合作", 1.0), ("区域", 0.609330476259668), ("协议", 0.46767054815275616), ("𠀀𠀁", 0.3328118443927939),
            ("\uE000\uE001", 0.33078929174832905), ("发展", 0.3271459849922008), ("签署", 0.2921735634691908),
        ];
        Assert.Equal(python, ranked.Select(k => (k.Word, k.Weight)));
    }

    [Fact]
    public void Window_covers_the_word_and_the_next_four_unfiltered_tokens()
    {
        (string, string)[] within = [("合作", "vn"), ("，", "x"), ("，", "x"), ("，", "x"), ("协议", "n")];
        (string, string)[] beyond = [("合作", "vn"), ("，", "x"), ("，", "x"), ("，", "x"), ("，", "x"), ("协议", "n")];
        Assert.Equal(2, TextRankScorer.Rank(within, DefaultPos, StopWords.Default, topK: 0).Count);
        Assert.Empty(TextRankScorer.Rank(beyond, DefaultPos, StopWords.Default, topK: 0));
    }

    [Fact]
    public void Only_allowed_parts_of_speech_enter_the_graph()
    {
        (string, string)[] tokens = [("合作", "vn"), ("北京", "ns"), ("协议", "n")];
        var ranked = TextRankScorer.Rank(tokens, new HashSet<string> { "vn", "n" }, StopWords.Default, topK: 0);
        Assert.Equal(["协议", "合作"], ranked.Select(k => k.Word).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Equal_ranks_keep_node_insertion_order()
    {
        // Two identical, disconnected edges give exactly equal ranks (丙丙 = 甲甲, 丁丁 = 乙乙); the ties keep the
        // insertion order 丙丙 丁丁 甲甲 乙乙, not the code-point order 丁丁 丙丙 乙乙 甲甲. Weights from Python jieba 0.42.1.
        (string, string)[] tokens =
        [
            ("丙丙", "n"), ("丁丁", "n"), ("，", "x"), ("，", "x"), ("，", "x"), ("，", "x"), ("甲甲", "n"), ("乙乙", "n"),
        ];
        var ranked = TextRankScorer.Rank(tokens, DefaultPos, StopWords.Default, topK: 0);
        (string, double)[] python = [("丙丙", 1.0), ("甲甲", 1.0), ("丁丁", 0.994132857417495), ("乙乙", 0.994132857417495)];
        Assert.Equal(python, ranked.Select(k => (k.Word, k.Weight)));
    }
}
