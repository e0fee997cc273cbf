using System.Text;
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
                    var cells = row.Elements<TableCell>()
                        .Select(cell => string.Join(" ", cell.Elements<Paragraph>().Select(ParagraphText).Where(t => t.Length > 0)));
                    lines.Add(string.Join('\t', cells));
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
