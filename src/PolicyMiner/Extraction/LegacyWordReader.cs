namespace PolicyMiner.Extraction;

/// <summary>
/// Recognises old Word binary files (.doc, .wps: OLE compound documents) so that they become an error row that says
/// how to convert them, instead of garbage text. Reading the binary Word format is not implemented.
/// </summary>
public sealed class LegacyWordReader : IDocumentReader
{
    private static readonly byte[] OleMagic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The default instance.</summary>
    public static LegacyWordReader Instance { get; } = new();

    /// <inheritdoc />
    public string Format => "doc";

    /// <inheritdoc />
    public bool CanRead(string path, ReadOnlySpan<byte> head) =>
        string.Equals(Path.GetExtension(path), ".doc", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Path.GetExtension(path), ".wps", StringComparison.OrdinalIgnoreCase)
        || head.StartsWith(OleMagic);

    /// <inheritdoc />
    public RawDocument Read(string path, ExtractOptions options, CancellationToken cancellationToken = default)
    {
        var head = new byte[8];
        using (var stream = File.OpenRead(path))
        {
            stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        var what = head.AsSpan().StartsWith(OleMagic)
            ? "an old Word binary file (.doc/.wps) or a password-protected Office file"
            : "named .doc but is not a Word binary file";
        throw new DocumentReadException(
            $"{path}: {what}, which PolicyMiner cannot read. Convert it to .docx (LibreOffice: " +
            "soffice --headless --convert-to docx <file>; or Word: Save As .docx, removing any password) and extract again.");
    }
}
