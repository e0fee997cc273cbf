using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace PolicyMiner.Tests.Segmentation;

/// <summary>Reads ../shared/jieba-gold (format in its README.md): corpus lines, edge cases and gold rows.</summary>
internal static class JiebaGold
{
    /// <summary>One gold row: the tokens (and, for posseg, the flags) jieba 0.42.1 produced.</summary>
    public sealed record Row(string Id, string[] Tokens, string[]? Flags);

    private static readonly Lazy<IReadOnlyList<(string Id, string Text)>> LazyCorpus = new(() =>
        [.. ReadLines("corpus.tsv.gz").Select(l =>
        {
            int tab = l.IndexOf('\t', StringComparison.Ordinal);
            return (l[..tab], l[(tab + 1)..]);
        })]);

    /// <summary>The 58,070 corpus lines (id, text).</summary>
    public static IReadOnlyList<(string Id, string Text)> Corpus => LazyCorpus.Value;

    /// <summary>The 74 edge cases (id, text).</summary>
    public static IReadOnlyList<(string Id, string Text)> EdgeCases() =>
        [.. File.ReadAllLines(SharedData.PathOf("jieba-gold", "edge-cases.jsonl"), Encoding.UTF8)
            .Where(l => l.Length > 0)
            .Select(l =>
            {
                using var doc = JsonDocument.Parse(l);
                return (doc.RootElement.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    doc.RootElement.GetProperty("text").GetString()!);
            })];

    /// <summary>Gold rows of a file (e.g. <c>precise_hmm.tsv.gz</c>, <c>edge-cut_all.tsv</c>), keyed by id.</summary>
    public static Dictionary<string, Row> Rows(string file)
    {
        var rows = new Dictionary<string, Row>(StringComparer.Ordinal);
        foreach (var line in ReadLines(file))
        {
            var f = line.Split('\t');
            int n = int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture);
            var tokens = n == 0 ? [] : f[2].Split('\u2502').Select(Unescape).ToArray();
            var flags = f.Length > 3 ? (n == 0 ? [] : f[3].Split('\u2502')) : null;
            if (tokens.Length != n)
            {
                throw new InvalidDataException($"{file}: row {f[0]} announces {n} tokens, has {tokens.Length}");
            }
            rows[f[0]] = new Row(f[0], tokens, flags);
        }
        return rows;
    }

    private static IEnumerable<string> ReadLines(string file)
    {
        var path = SharedData.PathOf("jieba-gold", file);
        Stream stream = File.OpenRead(path);
        if (file.EndsWith(".gz", StringComparison.Ordinal))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true));
        // Split on '\n' only (rows never contain CR; tokens escape it).
        var all = reader.ReadToEnd();
        foreach (var line in all.Split('\n'))
        {
            if (line.Length > 0) { yield return line; }
        }
    }

    /// <summary>Decodes <c>\\ \t \n \r \uXXXX</c>.</summary>
    public static string Unescape(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal)) { return s; }
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\') { sb.Append(s[i]); continue; }
            char c = s[++i];
            switch (c)
            {
                case '\\': sb.Append('\\'); break;
                case 't': sb.Append('\t'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 'u':
                    sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                default: throw new InvalidDataException($"unknown escape \\{c} in gold token '{s}'");
            }
        }
        return sb.ToString();
    }

    /// <summary>Readable form of a token list for failure messages.</summary>
    public static string Show(IEnumerable<string> tokens) =>
        "[" + string.Join("│", tokens.Select(t => JsonSerializer.Serialize(t))) + "]";
}
