using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace PolicyMiner.Extraction.Docx;

/// <summary>
/// Reads Word 2007+ files (.docx, .docm) with DocumentFormat.OpenXml: body paragraphs and tables in document order
/// (one paragraph per line; a table row is one line with cells separated by a tab), title from the core properties.
/// Headers, footers, comments and deleted revisions are not body text and are skipped.
/// </summary>
public sealed class DocxReader : IDocumentReader
{
    /// <summary>The default instance.</summary>
    public static DocxReader Instance { get; } = new();

    /// <inheritdoc />
    public string Format => "docx";

    /// <inheritdoc />
    public bool CanRead(string path, ReadOnlySpan<byte> head) =>
        string.Equals(Path.GetExtension(path), ".docx", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Path.GetExtension(path), ".docm", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public RawDocument Read(string path, ExtractOptions options, CancellationToken cancellationToken = default)
    {
        if (new FileInfo(path).Length == 0)
        {
            throw new DocumentReadException($"{path}: the file is empty (0 bytes). Check that it was saved or downloaded completely.");
        }
        try
        {
            CheckNesting(path);
            using var document = WordprocessingDocument.Open(path, isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new DocumentReadException($"{path}: the .docx has no document body. Open it in Word or LibreOffice and save it again.");
            var lines = new List<string>();
            foreach (var element in body.ChildElements)
            {
                cancellationToken.ThrowIfCancellationRequested();
                AppendBlock(element, lines);
            }
            var title = document.PackageProperties.Title;
            return new RawDocument(string.Join('\n', lines), null, string.IsNullOrWhiteSpace(title) ? null : title.Trim(), 0, false, []);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or FileFormatException or InvalidDataException or System.Xml.XmlException)
        {
            throw new DocumentReadException(
                $"{path}: not a readable .docx ({ex.Message}). The file is damaged, password-protected or not a Word 2007+ " +
                "file; open it in Word or LibreOffice, save as .docx without a password, and extract again.", ex);
        }
    }

    private static void AppendBlock(OpenXmlElement element, List<string> lines)
    {
        switch (element)
        {
            case Paragraph paragraph:
                lines.Add(ParagraphText(paragraph));
                break;
            case Table table:
                foreach (var row in table.Elements<TableRow>())
                {
                    lines.Add(string.Join('\t', row.Elements<TableCell>().Select(CellText)));
                }
                break;
            case SdtBlock sdt:
                foreach (var child in sdt.SdtContentBlock?.ChildElements ?? Enumerable.Empty<OpenXmlElement>())
                {
                    AppendBlock(child, lines);
                }
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// A cell's text: its paragraphs, and the rows of tables nested in it (once dropped without warning), joined by
    /// spaces so the outer row keeps one tab per cell. Recursion depth is bounded by <see cref="MaxXmlDepth"/>.
    /// </summary>
    private static string CellText(TableCell cell)
    {
        var inner = new List<string>();
        foreach (var child in cell.ChildElements)
        {
            AppendBlock(child, inner);
        }
        return string.Join(" ", inner.Select(l => l.Replace('\t', ' ').Trim()).Where(t => t.Length > 0));
    }

    /// <summary>XML nesting deeper than this is refused (Word and LibreOffice write fewer than 30 levels).</summary>
    internal const int MaxXmlDepth = 256;

    /// <summary>Parts that decompress to more than this are refused (a compressed-stream bomb), before any is parsed.</summary>
    internal const long MaxPartBytes = 256L << 20;

    /// <summary>
    /// The guard before the Open XML SDK's recursion: its DOM loader recurses once per element level and a crafted file
    /// with 20,000 nested w:sdt overflowed the stack, which .NET cannot catch (the whole batch died). A streaming
    /// XmlReader (no recursion, no DTDs) measures every word/*.xml part's depth and declared size first.
    /// </summary>
    private static void CheckNesting(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries)
        {
            if (!entry.FullName.StartsWith("word/", StringComparison.Ordinal) || !entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (entry.Length > MaxPartBytes)
            {
                throw new DocumentReadException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{path}: {entry.FullName} decompresses to {entry.Length / 1048576.0:0} MB (the limit is {MaxPartBytes >> 20} MB); the file is damaged or crafted and was not read. Open it in Word or LibreOffice and save it again."));
            }
            using var stream = entry.Open();
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth > MaxXmlDepth)
                {
                    throw new DocumentReadException(
                        $"{path}: {entry.FullName} nests elements more than {MaxXmlDepth} levels deep (Word writes fewer than 30); the file is damaged or crafted and was not read, so that it cannot crash the batch. Open it in Word or LibreOffice and save it again.");
                }
            }
        }
    }

    private static string ParagraphText(Paragraph paragraph)
    {
        var sb = new StringBuilder();
        foreach (var node in paragraph.Descendants())
        {
            switch (node)
            {
                case WordText text when node.Ancestors<DeletedRun>().Any() is false:
                    sb.Append(text.Text);
                    break;
                case TabChar:
                    sb.Append('\t');
                    break;
                case Break or CarriageReturn:
                    sb.Append('\n');
                    break;
                default:
                    break;
            }
        }
        return sb.ToString();
    }
}
