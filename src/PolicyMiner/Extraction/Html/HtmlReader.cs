using System.Text;
using System.Text.RegularExpressions;
using PolicyMiner.Extraction.Text;

namespace PolicyMiner.Extraction.Html;

/// <summary>
/// Reads the main text of an HTML page (no package: a small tokenizer, <see cref="HtmlBlocks"/>) and drops
/// navigation and other boilerplate with a jusText-style block heuristic (Pomikálek 2011, simplified): blocks inside
/// nav/header/footer/aside or elements whose id/class names navigation, and blocks that are mostly link text, are
/// boilerplate; long blocks (≥ 30 characters) are content; short blocks are kept when they sit between content
/// blocks, or just before the first / after the last content block (document number, addressees, signature and
/// date lines of a government notice are short but belong to it). Title: the first &lt;h1&gt; in the body, else &lt;title&gt;.
/// </summary>
public sealed partial class HtmlReader : IDocumentReader
{
    /// <summary>Blocks with at least this many non-space characters (and little link text) are content.</summary>
    public const int ContentBlockLength = 30;

    private const int ShortBlocksKeptAround = 6;

    /// <summary>The default instance.</summary>
    public static HtmlReader Instance { get; } = new();

    /// <inheritdoc />
    public string Format => "html";

    /// <inheritdoc />
    public bool CanRead(string path, ReadOnlySpan<byte> head)
    {
        var ext = Path.GetExtension(path);
        return string.Equals(ext, ".html", StringComparison.OrdinalIgnoreCase)
            || string.Equals(ext, ".htm", StringComparison.OrdinalIgnoreCase)
            || string.Equals(ext, ".xhtml", StringComparison.OrdinalIgnoreCase)
            || string.Equals(ext, ".shtml", StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public RawDocument Read(string path, ExtractOptions options, CancellationToken cancellationToken = default)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
        {
            throw new DocumentReadException($"{path}: the file is empty (0 bytes). Check that it was saved or downloaded completely.");
        }
        var html = Decode(bytes, out var encodingName, out var guessed);
        var warnings = new List<string>();
        if (guessed)
        {
            warnings.Add($"encoding guessed as {encodingName} (no charset declared, not UTF-8); if the text looks garbled, save the page as UTF-8 and extract again");
        }
        var page = HtmlBlocks.Parse(html);
        var kept = SelectMainText(page.Blocks);
        if (kept.Count == 0)
        {
            warnings.Add("no main text found in the page (only navigation or links); check that the file is the article page, not an index page");
        }
        var title = page.Blocks.FirstOrDefault(b => b.Heading == 1 && !b.Boilerplate && b.Text.Length > 0)?.Text ?? page.Title;
        return new RawDocument(string.Join('\n', kept.Select(b => b.Text)), null, string.IsNullOrWhiteSpace(title) ? null : title, 0, false, warnings, encodingName);
    }

    /// <summary>The jusText-style selection described on the class.</summary>
    internal static List<HtmlBlock> SelectMainText(IReadOnlyList<HtmlBlock> blocks)
    {
        var candidates = blocks.Where(b => b.Text.Length > 0).ToList();
        bool IsBad(HtmlBlock b) => b.Boilerplate || b.LinkDensity > 0.4;
        bool IsGood(HtmlBlock b) => !IsBad(b) && b.Length >= ContentBlockLength;
        var first = candidates.FindIndex(IsGood);
        if (first < 0)
        {
            return candidates.Where(b => !IsBad(b)).ToList();
        }
        var last = candidates.FindLastIndex(IsGood);
        var keep = new bool[candidates.Count];
        for (var i = first; i <= last; i++)
        {
            keep[i] = !IsBad(candidates[i]);
        }
        for (int i = first - 1, n = 0; i >= 0 && n < ShortBlocksKeptAround && !IsBad(candidates[i]); i--, n++)
        {
            keep[i] = true;
        }
        for (int i = last + 1, n = 0; i < candidates.Count && n < ShortBlocksKeptAround && !IsBad(candidates[i]); i++, n++)
        {
            keep[i] = true;
        }
        return candidates.Where((_, i) => keep[i]).ToList();
    }

    /// <summary>Decodes by byte-order mark, then the declared charset (meta tag), then <see cref="TextEncodingDetector"/>.</summary>
    internal static string Decode(byte[] bytes, out string encodingName, out bool guessed)
    {
        guessed = false;
        var head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        var declared = MetaCharset().Match(head);
        var hasBom = bytes.Length >= 2 && ((bytes[0] == 0xEF && bytes.Length >= 3 && bytes[1] == 0xBB && bytes[2] == 0xBF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF));
        if (!hasBom && declared.Success)
        {
            var name = declared.Groups[1].Value.ToUpperInvariant();
            Encoding? encoding = name switch
            {
                "GB2312" or "GBK" or "GB18030" or "X-GBK" or "CP936" => TextEncodingDetector.Gb18030,
                "BIG5" or "BIG5-HKSCS" or "CP950" => TextEncodingDetector.Big5,
                "UTF-8" or "UTF8" when System.Text.Unicode.Utf8.IsValid(bytes) => new UTF8Encoding(false),
                _ => null,
            };
            if (encoding is not null)
            {
                encodingName = encoding is UTF8Encoding ? "utf-8" : encoding == TextEncodingDetector.Big5 ? "big5" : "gb18030";
                return encoding.GetString(bytes);
            }
        }
        var text = TextEncodingDetector.Decode(bytes, out var detected);
        encodingName = detected.Name;
        guessed = detected.Confidence == "low";
        return text;
    }

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*([A-Za-z0-9_\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();
}

/// <summary>One block of an HTML page (a paragraph, list item, heading, table row, …).</summary>
/// <param name="Text">Text with whitespace collapsed (none between two CJK characters).</param>
/// <param name="LinkChars">Characters inside &lt;a&gt; elements.</param>
/// <param name="Boilerplate">Inside nav/header/footer/aside/form or an element whose id/class names navigation.</param>
/// <param name="Heading">1–6 for h1–h6, else 0.</param>
internal sealed record HtmlBlock(string Text, int LinkChars, bool Boilerplate, int Heading)
{
    public int Length { get; } = Text.Count(c => !char.IsWhiteSpace(c));

    public double LinkDensity => Length == 0 ? 0 : (double)LinkChars / Length;
}

/// <summary>The blocks and title of a page.</summary>
internal sealed record HtmlPage(IReadOnlyList<HtmlBlock> Blocks, string? Title);
