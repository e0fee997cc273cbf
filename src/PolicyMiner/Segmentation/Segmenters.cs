using System.Security.Cryptography;

namespace PolicyMiner.Segmentation;

/// <summary>The segmenters the classifiers can use.</summary>
public static class Segmenters
{
    private static readonly Lazy<SegmenterInfo> LazyJieba = new(() =>
    {
        var assembly = typeof(JiebaTokenizer).Assembly;
        // Hash the embedded dictionary resource(s): a model records which dictionary its features came from.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains("dict", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            sha.AppendData(ms.GetBuffer(), 0, (int)ms.Length);
        }
        var tokenizer = JiebaTokenizer.Default;
        return new SegmenterInfo(
            "jieba-0.42.1-port",
            assembly.GetName().Version?.ToString() ?? "unknown",
            Convert.ToHexStringLower(sha.GetHashAndReset()),
            text => tokenizer.Cut(text, hmm: true));
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>jieba precise mode with HMM over the embedded dictionary (<see cref="JiebaTokenizer.Default"/>).</summary>
    public static SegmenterInfo Jieba => LazyJieba.Value;
}
