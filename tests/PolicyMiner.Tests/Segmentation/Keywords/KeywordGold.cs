using System.Globalization;

namespace PolicyMiner.Tests.Segmentation.Keywords;

/// <summary>
/// Reads ../shared/jieba-gold/keywords_tfidf_textrank.tsv (Python jieba 0.42.1 top-10 TF-IDF and TextRank keywords,
/// with weights as Python repr) and rebuilds each document's text from corpus.tsv.gz.
/// </summary>
internal static class KeywordGold
{
    public sealed record Document(int Id, string Text, IReadOnlyList<(string Word, double Weight)> TfIdf,
        IReadOnlyList<(string Word, double Weight)> TextRank);

    private static readonly Lazy<IReadOnlyList<Document>> LazyDocuments = new(Load);

    public static IReadOnlyList<Document> Documents => LazyDocuments.Value;

    private static List<Document> Load()
    {
        var rows = File.ReadAllLines(SharedData.PathOf("jieba-gold", "keywords_tfidf_textrank.tsv"))
            .Skip(1)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .ToList();
        var wanted = rows.Select(f => (First: int.Parse(f[1], CultureInfo.InvariantCulture), Last: int.Parse(f[2], CultureInfo.InvariantCulture)))
            .ToList();
        var lines = ReadCorpusLines(wanted.SelectMany(r => Enumerable.Range(r.First, r.Last - r.First + 1)).ToHashSet());
        var documents = new List<Document>();
        foreach (var group in rows.GroupBy(f => int.Parse(f[0], CultureInfo.InvariantCulture)))
        {
            var first = group.First();
            int a = int.Parse(first[1], CultureInfo.InvariantCulture), b = int.Parse(first[2], CultureInfo.InvariantCulture);
            var text = string.Join('\n', Enumerable.Range(a, b - a + 1).Select(i => lines[i]));
            List<(string, double)> Method(string m) => group
                .Where(f => f[3] == m)
                .OrderBy(f => int.Parse(f[4], CultureInfo.InvariantCulture))
                .Select(f => (f[5], double.Parse(f[6], CultureInfo.InvariantCulture)))
                .ToList();
            documents.Add(new Document(group.Key, text, Method("tfidf"), Method("textrank")));
        }
        return documents;
    }

    private static Dictionary<int, string> ReadCorpusLines(HashSet<int> ids)
    {
        var lines = new Dictionary<int, string>();
        using var file = File.OpenRead(SharedData.PathOf("jieba-gold", "corpus.tsv.gz"));
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
        while (reader.ReadLine() is { } row)
        {
            int tab = row.IndexOf('\t', StringComparison.Ordinal);
            int id = int.Parse(row.AsSpan(0, tab), CultureInfo.InvariantCulture);
            if (ids.Contains(id))
            {
                lines[id] = row[(tab + 1)..];
            }
        }
        return lines;
    }
}
