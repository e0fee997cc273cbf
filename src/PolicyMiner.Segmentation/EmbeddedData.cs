using System.IO.Compression;
using System.Reflection;

namespace PolicyMiner.Segmentation;

/// <summary>
/// Reads the jieba data files that <c>models/jieba/</c> embeds into this assembly (logical name
/// <c>jieba/&lt;file name&gt;</c>), decompressing <c>.gz</c> (gzip) and <c>.br</c> (Brotli) on the fly.
/// </summary>
internal static class EmbeddedData
{
    private static readonly Assembly Assembly = typeof(EmbeddedData).Assembly;

    /// <summary>
    /// Opens the embedded file <paramref name="fileName"/> (as named in <c>models/jieba/</c>, e.g.
    /// <c>idf.txt.gz</c>) and returns a readable stream of its decompressed bytes. The caller disposes it.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such embedded file (lists the ones that exist).</exception>
    public static Stream Open(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var raw = Assembly.GetManifestResourceStream("jieba/" + fileName)
            ?? throw new FileNotFoundException(
                $"embedded jieba data '{fileName}' is not in {Assembly.GetName().Name}; known: "
                + string.Join(", ", Names()) + ". Add the file under models/jieba/ (compressed .gz or .br).",
                fileName);
        if (fileName.EndsWith(".gz", StringComparison.Ordinal))
        {
            return new GZipStream(raw, CompressionMode.Decompress);
        }
        if (fileName.EndsWith(".br", StringComparison.Ordinal))
        {
            return new BrotliStream(raw, CompressionMode.Decompress);
        }
        return raw;
    }

    /// <summary>Reads the whole decompressed embedded file into memory.</summary>
    public static byte[] ReadAllBytes(string fileName)
    {
        using var stream = Open(fileName);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Opens the embedded UTF-8 text file as a reader.</summary>
    public static StreamReader OpenText(string fileName) =>
        new(Open(fileName), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

    /// <summary>The embedded jieba data files (names without the <c>jieba/</c> prefix).</summary>
    public static IEnumerable<string> Names() =>
        Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("jieba/", StringComparison.Ordinal))
            .Select(n => n["jieba/".Length..])
            .Order(StringComparer.Ordinal);
}
