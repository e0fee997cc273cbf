using PolicyMiner.Segmentation.Keywords;
using Xunit.Abstractions;

namespace PolicyMiner.Tests.Segmentation.Keywords;

/// <summary>
/// Replays ../shared/jieba-gold/keywords_tfidf_textrank.tsv: Python jieba 0.42.1's top-10 TF-IDF and TextRank keywords
/// of 36 corpus documents (the gold's 50 document ids include 14 outside the shared corpus slice).
/// </summary>
public class KeywordGoldTests(ITestOutputHelper output)
{
    [Fact]
    public void Tfidf_keywords_match_python_jieba_words_order_and_weights_on_every_gold_document()
        => Replay("tfidf", (doc) => KeywordExtractor.Default.ExtractTfIdf(doc.Text, topK: 10), doc => doc.TfIdf);

    [Fact]
    public void Textrank_keywords_match_python_jieba_words_order_and_weights_on_every_gold_document()
        => Replay("textrank", (doc) => KeywordExtractor.Default.TextRank(doc.Text, topK: 10), doc => doc.TextRank);

    private void Replay(
        string method,
        Func<KeywordGold.Document, IReadOnlyList<Keyword>> extract,
        Func<KeywordGold.Document, IReadOnlyList<(string Word, double Weight)>> gold)
    {
        int docs = 0, sameWords = 0, within1e9 = 0, bitEqual = 0;
        var failures = new List<string>();
        foreach (var doc in KeywordGold.Documents)
        {
            docs++;
            var expected = gold(doc);
            var actual = extract(doc);
            Assert.Equal(10, expected.Count);
            if (!actual.Select(k => k.Word).SequenceEqual(expected.Select(k => k.Word)))
            {
                failures.Add($"doc {doc.Id}: [{string.Join(" ", actual.Select(k => k.Word))}] vs gold [{string.Join(" ", expected.Select(k => k.Word))}]");
                continue;
            }
            sameWords++;
            var pairs = actual.Zip(expected).ToList();
            if (pairs.All(p => Math.Abs(p.First.Weight - p.Second.Weight) <= 1e-9))
            {
                within1e9++;
            }
            else
            {
                failures.Add($"doc {doc.Id}: weights differ by up to {pairs.Max(p => Math.Abs(p.First.Weight - p.Second.Weight)):E3}");
            }
            if (pairs.All(p => p.First.Weight == p.Second.Weight))
            {
                bitEqual++;
            }
        }
        output.WriteLine($"{method}: {docs} documents, same words and order {sameWords}, weights within 1e-9 {within1e9}, bit-equal {bitEqual}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(36, docs);
    }
}
