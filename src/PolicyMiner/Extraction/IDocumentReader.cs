namespace PolicyMiner.Extraction;

/// <summary>
/// Reads one file format into raw text (PdfPig's strategy-interface shape: one implementation per format,
/// a default instance, options in a record). The extract stage picks a reader by file, then normalises the text,
/// finds metadata and builds the <see cref="ExtractedDocument"/>.
/// </summary>
public interface IDocumentReader
{
    /// <summary>Format name written to <see cref="ExtractedDocument.Format"/> (pdf, docx, html, txt, …).</summary>
    string Format { get; }

    /// <summary>True when this reader handles the file (by extension, or by sniffing its first bytes).</summary>
    bool CanRead(string path, ReadOnlySpan<byte> head);

    /// <summary>
    /// Reads the file. Throws <see cref="DocumentReadException"/> (message: what is wrong and what to do) for a
    /// broken, encrypted or unsupported file; the batch turns it into an error row.
    /// </summary>
    RawDocument Read(string path, ExtractOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the file whose content the caller has already read (extract reads every file once for its sha256), so a
    /// reader that needs the whole file need not read it again. The default reads <paramref name="path"/>.
    /// </summary>
    RawDocument Read(string path, byte[] content, ExtractOptions options, CancellationToken cancellationToken = default) =>
        Read(path, options, cancellationToken);
}

/// <summary>What a reader returns: text with paragraphs separated by '\n', plus facts only the reader knows.</summary>
/// <param name="Text">Body text, paragraphs separated by '\n' (not yet normalised to Simplified etc.).</param>
/// <param name="Pages">Page count for paged formats, else null.</param>
/// <param name="Title">Title if the format declares one (HTML &lt;title&gt;, DOCX core property), else null.</param>
/// <param name="PagesOcred">Pages whose text came from OCR.</param>
/// <param name="NeedsOcr">True when pages lacked a usable text layer and OCR was off or unavailable.</param>
/// <param name="Warnings">Reader warnings (page-specific ones name the page).</param>
/// <param name="Encoding">Character encoding a text reader detected (utf-8, gb18030, big5, …); null for binary formats.</param>
public sealed record RawDocument(
    string Text,
    int? Pages,
    string? Title,
    int PagesOcred,
    bool NeedsOcr,
    IReadOnlyList<string> Warnings,
    string? Encoding = null);

/// <summary>When to OCR pages with the tesseract CLI.</summary>
public enum OcrMode
{
    /// <summary>OCR pages without a usable text layer, if tesseract is installed.</summary>
    Auto,

    /// <summary>Never OCR; such pages are flagged needs_ocr.</summary>
    Off,

    /// <summary>OCR every page, ignoring any text layer.</summary>
    Force,
}

/// <summary>Options of the extract stage.</summary>
public sealed record ExtractOptions
{
    /// <summary>OCR policy (default auto).</summary>
    public OcrMode Ocr { get; init; } = OcrMode.Auto;

    /// <summary>Convert Traditional Chinese to Simplified (OpenCC tables).</summary>
    public bool ToSimplified { get; init; }

    /// <summary>Tesseract languages.</summary>
    public string OcrLanguages { get; init; } = "chi_sim+eng";

    /// <summary>Degree of parallelism for batches (default: all cores).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Files larger than this (bytes) become an error row without being read (default 512 MiB: the file is held in
    /// memory while it is read; the largest real policy PDF scans are well under 100 MB).
    /// </summary>
    public long MaxFileBytes { get; init; } = 512L << 20;

    /// <summary>
    /// A document's text is cut after this many characters, with a warning and <c>truncated: true</c> (default 20 million,
    /// some 40 times the longest Government Work Report; documents.jsonl cannot hold a line over ~166 million characters).
    /// </summary>
    public int MaxTextCharacters { get; init; } = 20_000_000;

    /// <summary>
    /// Longest time one PDF may take to read, OCR included (default 5 minutes; zero or negative: no limit). A file
    /// that takes longer becomes an error row naming the page being read; its reader is abandoned (a PdfPig page that
    /// hangs cannot be interrupted) and the batch goes on.
    /// </summary>
    public TimeSpan DocumentTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Extract in worker processes started this way (the CLI: itself with its hidden <c>extract-worker</c> verb), one per
    /// <see cref="MaxParallelism"/>, each bounded in time (<see cref="DocumentTimeout"/>: killed) and memory
    /// (<see cref="MaxWorkerMemoryBytes"/>) and unable to take the batch down when it crashes. Null (the library default):
    /// in this process, on threads. See <see cref="Isolation.ExtractWorkerPool"/>.
    /// </summary>
    public Isolation.ExtractWorkerStart? Workers { get; init; }

    /// <summary>GC heap limit of each worker process in bytes (0: <see cref="Isolation.ExtractWorkerPool.DefaultMemoryLimitBytes"/>, 4 GiB or less).</summary>
    public long MaxWorkerMemoryBytes { get; init; }

    /// <summary>Called when the PDF reader starts a page (a worker reports it, so a killed worker's error row names the page).</summary>
    internal Action<int>? PageStarted { get; init; }
}

/// <summary>A file could not be read; the message says what is wrong and what to do.</summary>
public sealed class DocumentReadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DocumentReadException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public DocumentReadException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public DocumentReadException() { }
}
