using System.Collections.Concurrent;
using PolicyMiner.Segmentation;
using Xunit.Abstractions;

namespace PolicyMiner.Tests.Segmentation;

/// <summary>
/// Replays ../shared/jieba-gold: every edge case and every corpus line must give exactly jieba 0.42.1's tokens
/// (and flags). Prints the match counts; on failure reports the first differing line.
/// </summary>
public class GoldReplayTests(ITestOutputHelper output)
{
    private static readonly JiebaTokenizer Jieba = JiebaTokenizer.Default;

    public static TheoryData<string> Modes => ["precise_hmm", "precise_nohmm", "cut_all", "search_hmm"];

    internal static (string[] Tokens, string[]? Flags) Run(string mode, string text) => mode switch
    {
        "precise_hmm" => ([.. Jieba.Cut(text)], null),
        "precise_nohmm" => ([.. Jieba.Cut(text, hmm: false)], null),
        "cut_all" => ([.. Jieba.CutAll(text)], null),
        "search_hmm" => ([.. Jieba.CutForSearch(text)], null),
        _ => throw new ArgumentException(mode),
    };

    private void Replay(string mode, IReadOnlyList<(string Id, string Text)> inputs, Dictionary<string, JiebaGold.Row> gold)
    {
        Assert.Equal(inputs.Count, gold.Count);
        var failures = new ConcurrentBag<(int Index, string Message)>();
        int matched = 0;
        Parallel.For(0, inputs.Count, i =>
        {
            var (id, text) = inputs[i];
            var expected = gold[id];
            var (tokens, flags) = Run(mode, text);
            bool ok = tokens.AsSpan().SequenceEqual(expected.Tokens)
                && (expected.Flags is null || (flags is not null && flags.AsSpan().SequenceEqual(expected.Flags)));
            if (ok)
            {
                Interlocked.Increment(ref matched);
            }
            else
            {
                var got = flags is null ? JiebaGold.Show(tokens) : JiebaGold.Show(tokens.Zip(flags, (t, f) => t + "/" + f));
                var want = expected.Flags is null ? JiebaGold.Show(expected.Tokens)
                    : JiebaGold.Show(expected.Tokens.Zip(expected.Flags, (t, f) => t + "/" + f));
                failures.Add((i, $"line {id}: {JiebaGold.Show([text])}\n  jieba: {want}\n  ours:  {got}"));
            }
        });
        output.WriteLine($"{mode}: {matched:N0} / {inputs.Count:N0} match");
        if (!failures.IsEmpty)
        {
            var first = failures.OrderBy(f => f.Index).First();
            Assert.Fail($"{mode}: {matched:N0} / {inputs.Count:N0} lines match; {failures.Count:N0} differ. First difference:\n{first.Message}");
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Edge_cases_match_jieba(string mode) =>
        Replay(mode, JiebaGold.EdgeCases(), JiebaGold.Rows($"edge-{mode}.tsv"));

    [Theory]
    [MemberData(nameof(Modes))]
    public void Corpus_lines_match_jieba(string mode) =>
        Replay(mode, JiebaGold.Corpus, JiebaGold.Rows($"{mode}.tsv.gz"));
}
