using System.Text.RegularExpressions;

namespace PolicyMiner.Extraction.Text;

/// <summary>
/// Reads .txt and .md files with encoding detection (<see cref="TextEncodingDetector"/>). Paragraphs: when blank
/// lines separate the text into blocks (Markdown style), each block is one paragraph whose wrapped lines are joined
/// (<see cref="TextNormalizer.JoinLines"/>); otherwise each line is a paragraph (the usual Chinese .txt layout).
/// Markdown: heading marks and HTML comments are removed, the first <c># heading</c> is the title.
/// </summary>
public sealed partial class PlainTextReader : IDocumentReader
{
    private readonly string[] extensions;

    private PlainTextReader(string format, params string[] extensions)
    {
        Format = format;
        this.extensions = extensions;
    }

    /// <summary>Plain text (.txt, .text).</summary>
    public static PlainTextReader Txt { get; } = new("txt", ".txt", ".text");

    /// <summary>Markdown (.md, .markdown).</summary>
    public static PlainTextReader Markdown { get; } = new("md", ".md", ".markdown");

    /// <inheritdoc />
    public string Format { get; }

    /// <inheritdoc />
    public bool CanRead(string path, ReadOnlySpan<byte> head)
    {
        var ext = Path.GetExtension(path);
        return extensions.Any(e => string.Equals(e, ext, StringComparison.OrdinalIgnoreCase));
    }

    /// <inheritdoc />
    public RawDocument Read(string path, ExtractOptions options, CancellationToken cancellationToken = default)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
        {
            throw new DocumentReadException($"{path}: the file is empty (0 bytes). Check that it was saved or downloaded completely.");
        }
        var text = TextEncodingDetector.Decode(bytes, out var encoding);
        var warnings = new List<string>();
        if (encoding.Confidence == "low")
        {
            warnings.Add($"encoding guessed as {encoding.Name} (no byte-order mark, not UTF-8); if the text looks garbled, save the file as UTF-8 and extract again");
        }
        string? title = null;
        if (Format == "md")
        {
            text = HtmlComment().Replace(text, "");
            var heading = MarkdownHeading().Match(text);
            if (heading.Success)
            {
                title = heading.Groups[1].Value.Trim();
            }
            text = MarkdownHeadingMark().Replace(text, "");
        }
        return new RawDocument(SplitParagraphs(text), null, title, 0, false, warnings, encoding.Name);
    }

    /// <summary>Turns the lines of a text file into '\n'-separated paragraphs (see the class summary).</summary>
    internal static string SplitParagraphs(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var nonBlank = lines.Count(l => !string.IsNullOrWhiteSpace(l));
        var blocks = new List<List<string>> { new() };
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (blocks[^1].Count > 0)
                {
                    blocks.Add([]);
                }
            }
            else
            {
                blocks[^1].Add(line);
            }
        }
        blocks.RemoveAll(b => b.Count == 0);
        // Blank-line separated blocks that hold several lines each → wrapped paragraphs; else one line = one paragraph.
        var wrapped = blocks.Count > 1 && nonBlank > blocks.Count * 1.5;
        var paragraphs = wrapped ? blocks.Select(TextNormalizer.JoinLines) : lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim());
        return string.Join('\n', paragraphs);
    }

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex HtmlComment();

    [GeneratedRegex(@"^\s{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", RegexOptions.Multiline)]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"^\s{0,3}#{1,6}[ \t]+", RegexOptions.Multiline)]
    private static partial Regex MarkdownHeadingMark();
}
