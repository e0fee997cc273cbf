using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using PolicyMiner.Extraction.Docx;
using PolicyMiner.Extraction.Html;
using PolicyMiner.Extraction.Metadata;
using PolicyMiner.Extraction.Pdf;
using PolicyMiner.Extraction.Text;

namespace PolicyMiner.Extraction;

/// <summary>Progress of a batch: one report per finished file.</summary>
/// <param name="Done">Files finished so far.</param>
/// <param name="Total">Files in the batch.</param>
/// <param name="Path">The file just finished.</param>
/// <param name="Reused">True when its record came from the cache.</param>
/// <param name="Failed">True when it became an error row.</param>
public sealed record ExtractProgress(int Done, int Total, string Path, bool Reused, bool Failed);

/// <summary>What a batch produced.</summary>
/// <param name="Documents">One record per file, sorted by path (ordinal); read back from the output file on each enumeration (a batch's documents are never all in memory), so use it before the file is replaced.</param>
/// <param name="Reused">Records taken unchanged from the previous run (same bytes, same options, same build).</param>
/// <param name="Failed">Error rows.</param>
/// <param name="Skipped">Files inside input folders that were not documents (other extensions), sorted.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record ExtractBatchResult(
    IReadOnlyList<ExtractedDocument> Documents, int Reused, int Failed, IReadOnlyList<string> Skipped, TimeSpan Elapsed)
{
    /// <summary>Records that are byte-identical copies of an earlier one (their <see cref="ExtractedDocument.DuplicateOf"/> is set).</summary>
    public int Duplicates { get; init; }

    /// <summary>How the worker processes went (count, memory limit, peak, replacements), or null when extracted in-process.</summary>
    public string? Workers { get; init; }
}

/// <summary>
/// The <c>extract</c> stage: files and folders in, one <see cref="ExtractedDocument"/> per file out. Picks a reader
/// per file (<see cref="DefaultReaders"/>), normalises the text once (<see cref="TextNormalizer"/>), finds metadata
/// (<see cref="MetadataFinder"/>) and measures quality. Batches run on all cores, keep a deterministic order (paths
/// sorted ordinally), reuse unchanged records of the previous run (cache keyed by content hash + options + build),
/// turn every unreadable file into an error row, never modify inputs and write outputs atomically.
/// </summary>
public sealed partial class Extractor
{
    /// <summary>Extensions collected from input folders. Any other file in a folder is skipped (and listed).</summary>
    public static IReadOnlyList<string> DocumentExtensions { get; } =
        [".pdf", ".docx", ".docm", ".doc", ".wps", ".html", ".htm", ".xhtml", ".shtml", ".txt", ".text", ".md", ".markdown"];

    private readonly IReadOnlyList<IDocumentReader> readers;

    /// <summary>Creates an extractor; <paramref name="readers"/> defaults to <see cref="DefaultReaders"/>.</summary>
    public Extractor(ExtractOptions? options = null, IReadOnlyList<IDocumentReader>? readers = null)
    {
        Options = options ?? new ExtractOptions();
        this.readers = readers ?? DefaultReaders;
    }

    /// <summary>
    /// The readers of a default extractor, tried in order. THE single place where readers are registered.
    /// A file no reader accepts becomes an error row naming the readers there are (never silently dropped).
    /// </summary>
    public static IReadOnlyList<IDocumentReader> DefaultReaders { get; } =
    [
        PdfReader.Instance,
        DocxReader.Instance,
        HtmlReader.Instance,
        PlainTextReader.Txt,
        PlainTextReader.Markdown,
        LegacyWordReader.Instance,
    ];

    /// <summary>The options of this extractor.</summary>
    public ExtractOptions Options { get; }

    /// <summary>
    /// Identifies what produced a record: tool version and build (module version id of this assembly, which
    /// changes whenever the code changes, builds being deterministic), options and readers. A cached record is
    /// reused only when this is unchanged.
    /// </summary>
    public string Fingerprint
    {
        get
        {
            var assembly = typeof(Extractor).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
            return $"policyminer {version} build {assembly.ManifestModule.ModuleVersionId:N}; ocr={Options.Ocr}; " +
                   $"ocr_languages={Options.OcrLanguages}; to_simplified={Options.ToSimplified}; " +
                   $"readers={string.Join(",", readers.Select(r => r.Format))}; max_file_bytes={Options.MaxFileBytes}; max_chars={Options.MaxTextCharacters}";
        }
    }

    /// <summary>Content hash: the SHA-256 (lower-case hex) of <paramref name="bytes"/>.</summary>
    public static string ContentHash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Expands inputs into the sorted list of files to extract: files are taken as given (whatever their
    /// extension: an unsupported one becomes an error row), folders are searched recursively for
    /// <see cref="DocumentExtensions"/> (hidden files and folders skipped). Throws <see cref="FileNotFoundException"/>
    /// naming the first input that does not exist.
    /// </summary>
    public static IReadOnlyList<string> CollectFiles(IEnumerable<string> inputs, out IReadOnlyList<string> skipped) =>
        CollectInputs(inputs, out skipped).Select(f => f.Path).ToList();

    /// <summary>
    /// As <see cref="CollectFiles"/>, with each file's doc_id by THE identity rule (<see cref="DocumentIdentity.AssignIds"/>):
    /// the file name without extension when unique in the batch, else the path relative to its input folder.
    /// <paramref name="exclude"/> drops files (full path) before ids are given (e.g. a run's own output folder).
    /// </summary>
    public static IReadOnlyList<InputFile> CollectInputs(IEnumerable<string> inputs, out IReadOnlyList<string> skipped, Func<string, bool>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var given = inputs.ToList();
        var skippedFiles = new SortedSet<string>(StringComparer.Ordinal);
        // found lazily, input by input: the list (InputList) keeps each file compactly, never the walker's entries
        var list = InputList.Build(Found(given, skippedFiles), mayRepeat: given.Count > 1, exclude);
        skipped = [.. skippedFiles];
        return list;
    }

    // The files of the inputs in the order found; a missing input throws when its turn comes (before any file is read).
    private static IEnumerable<(string Path, string? Root, string Relative, string? Problem)> Found(List<string> inputs, SortedSet<string> skippedFiles)
    {
        foreach (var input in inputs)
        {
            if (File.Exists(input))
            {
                yield return (input, null, Path.GetFileName(input), null);
            }
            else if (Directory.Exists(input))
            {
                foreach (var entry in InputWalker.Walk(input, skippedFiles))
                {
                    yield return (entry.Path, input, entry.Relative, entry.Problem);
                }
            }
            else if (new FileInfo(input).LinkTarget is { } target)
            {
                yield return (input, null, Path.GetFileName(input),
                    $"{input}: a symbolic link to {target}, which does not exist (a dangling link). Remove the link or restore its target.");
            }
            else
            {
                throw new FileNotFoundException(
                    $"{input}: no such file or folder. Check the spelling, or give the path of a document or of a folder of documents.", input);
            }
        }
    }

    private static string StemOf(string path) => Path.GetFileNameWithoutExtension(path);

    /// <summary>Extracts one file; never throws for a bad file (the record is then an error row).</summary>
    public ExtractedDocument ExtractFile(string path, CancellationToken cancellationToken = default)
    {
        var problem = TryRead(path, out var bytes);
        return (problem is null ? ExtractFile(path, bytes, cancellationToken) : ErrorRow(path, "", problem)) with { DocId = StemOf(path) };
    }

    /// <summary>Extracts one collected input (<see cref="CollectInputs"/>) under its doc_id; an input with a problem becomes its error row unopened.</summary>
    public ExtractedDocument ExtractInput(InputFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Problem is null
            ? ExtractFile(file.Path, cancellationToken) with { DocId = file.DocId }
            : ErrorRow(file.Path, "", file.Problem) with { DocId = file.DocId };
    }

    /// <summary>
    /// Reads a file's bytes, or says why not. The file type is checked BEFORE opening: a pipe (FIFO) would block the
    /// open forever and a device could be endless; .NET has no portable file-type query, but both report length 0
    /// (as do empty files, which are errors anyway), so nothing of length 0 is ever opened.
    /// </summary>
    private string? TryRead(string path, out byte[] bytes)
    {
        bytes = [];
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return info.LinkTarget is { } target
                    ? $"{path}: a symbolic link to {target}, which does not exist (a dangling link). Remove the link or restore its target."
                    : $"{path}: cannot be read (the file is gone or its name cannot be opened). Check that it exists and that its name is valid UTF-8.";
            }
            if (info.Length == 0)
            {
                return null; // not opened; ExtractFile(path, bytes) makes the "empty or not a regular file" error row
            }
            if (info.Length > Options.MaxFileBytes)
            {
                return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{path}: {info.Length / 1048576.0:0.#} MB is over the size limit of {Options.MaxFileBytes / 1048576.0:0.#} MB, so it was not read. Split the file, or raise the limit with --max-file-mb if the machine has the memory.");
            }
            bytes = File.ReadAllBytes(path);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return $"{path}: cannot be read ({ex.Message}). Check that the file exists and that you may read it.";
        }
        catch (OutOfMemoryException)
        {
            bytes = [];
            return OverMemory(path, "file");
        }
    }

    private ExtractedDocument ExtractFile(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var id = ContentHash(bytes);
        if (bytes.Length == 0)
        {
            return ErrorRow(path, id, $"{path}: the file is empty (0 bytes), or not a regular file (a pipe, socket or device), so it was not opened. Check that it was saved or downloaded completely.");
        }
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 512));
        IDocumentReader? reader = null;
        foreach (var candidate in readers)
        {
            if (candidate.CanRead(path, head))
            {
                reader = candidate;
                break;
            }
        }
        if (reader is null)
        {
            var supported = string.Join(", ", readers.Select(r => r.Format).Distinct());
            var ext = Path.GetExtension(path);
            var what = ext.Length == 0 ? "a file without extension" : $"'{ext}' files";
            return ErrorRow(path, id,
                $"{path}: this build of PolicyMiner has no reader for {what} (readers: {supported}). " +
                "Convert the file to one of those formats (e.g. save as .docx or .txt) and extract again.");
        }
        RawDocument raw;
        try
        {
            raw = reader.Read(path, bytes, Options, cancellationToken);
        }
        catch (DocumentReadException ex)
        {
            return ErrorRow(path, id, ex.Message, reader.Format);
        }
        catch (OutOfMemoryException)
        {
            return ErrorRow(path, id, OverMemory(path, reader.Format), reader.Format);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ErrorRow(path, id,
                $"{path}: the {reader.Format} reader failed ({ex.GetType().Name}: {ex.Message}). The file may be damaged: " +
                "open and re-save it, or convert it to another format; if it opens fine elsewhere, please report this with the file.",
                reader.Format);
        }
        return Build(path, id, reader.Format, raw);
    }

    /// <summary>Normalises a reader's output and adds metadata and the quality report.</summary>
    internal ExtractedDocument Build(string path, string id, string format, RawDocument raw)
    {
        // Cut before normalising (which copies the text several times) and again after: memory stays bounded by the limit.
        var limit = Math.Max(1, Options.MaxTextCharacters);
        var truncated = raw.Text.Length > limit;
        var text = TextNormalizer.Normalize(truncated ? raw.Text[..limit] : raw.Text, Options.ToSimplified, out var mapped);
        if (text.Length > limit)
        {
            truncated = true;
            text = text[..limit];
        }
        var declaredTitle = raw.Title is null ? null : TextNormalizer.Normalize(raw.Title, Options.ToSimplified);
        if (text.Length == 0 && !raw.NeedsOcr)
        {
            return ErrorRow(path, id,
                $"{path}: no text found in the file. If it is a scan or a picture, OCR it first; if it is an empty template, remove it from the batch.",
                format);
        }
        var stats = TextStatistics.Of(text);
        var found = MetadataFinder.Find(text, declaredTitle);
        var warnings = new List<string>(raw.Warnings);
        if (stats.ReplacementRate > 0.01)
        {
            warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{stats.ReplacementRate:P1} of the characters are replacement or private-use characters: the text is partly garbled (broken font or wrong encoding); check it before analysis"));
        }
        if (truncated)
        {
            warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the text was cut after {limit:N0} characters (the limit, --max-chars); the rest of the document is not in this record. Split the file, or raise the limit"));
        }
        if (raw.NeedsOcr)
        {
            warnings.Add("some pages have no usable text layer and were not OCR'd: install tesseract (with chi_sim) and run again with --ocr auto");
        }
        return new ExtractedDocument
        {
            DocId = "",
            Sha256 = id,
            Path = path,
            Format = format,
            Pages = raw.Pages,
            Language = stats.Language,
            Title = found.Title,
            Text = text,
            Metadata = found.Metadata,
            Quality = new QualityReport
            {
                ReplacementRate = Math.Round(stats.ReplacementRate, 6),
                HanRatio = Math.Round(stats.HanRatio, 6),
                LatinRatio = Math.Round(stats.LatinRatio, 6),
                PagesOcred = raw.PagesOcred,
                NeedsOcr = raw.NeedsOcr,
                Encoding = raw.Encoding,
                Characters = stats.NonSpace,
                MappedCharacters = mapped,
                Warnings = warnings,
                Truncated = truncated,
            },
        };
    }

    /// <summary>
    /// Extracts a batch into <paramref name="outputPath"/> (documents.jsonl, written atomically) and its cache file
    /// (<see cref="CachePathFor"/>). Records of files whose bytes are unchanged since the previous run into the same
    /// output (with the same <see cref="Fingerprint"/>) are reused without reading the file again; error rows and
    /// records that needed OCR are always retried.
    /// </summary>
    public ExtractBatchResult ExtractBatch(
        IEnumerable<string> inputs, string outputPath, IProgress<ExtractProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outputPath);
        var outputFull = Path.GetFullPath(outputPath);
        var files = CollectInputs(inputs, out var skipped, f => string.Equals(f, outputFull, StringComparison.Ordinal));
        return ExtractBatch(files, skipped, outputPath, progress, cancellationToken);
    }

    /// <summary>Extracts files already collected (with their doc_ids) by <see cref="CollectInputs"/>; see the other overload.</summary>
    public ExtractBatchResult ExtractBatch(
        IReadOnlyList<InputFile> files, IReadOnlyList<string> skipped, string outputPath, IProgress<ExtractProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(outputPath);
        var stopwatch = Stopwatch.StartNew();
        using var workers = readers == DefaultReaders ? Isolation.ExtractWorkerPool.For(Options) : null;
        var written = StreamBatch(files, outputPath, workers, progress, cancellationToken);
        return new ExtractBatchResult(new DocumentsOnDisk(outputPath, files.Count), written.Reused, written.Failed, skipped, stopwatch.Elapsed)
        {
            Duplicates = written.Duplicates,
            Workers = workers?.Summary(),
        };
    }

    /// <summary>The cache file beside an output: documents.jsonl → documents.extract-cache.json.</summary>
    public static string CachePathFor(string outputPath) => Path.ChangeExtension(outputPath, ".extract-cache.json");

    /// <summary>
    /// The memory bound: the CLI runs with a GC heap limit (PolicyMiner.Cli.csproj), so a document that needs more
    /// throws OutOfMemoryException here instead of the kernel's OOM killer ending the whole batch; its memory is
    /// freed when the exception unwinds and the batch goes on.
    /// </summary>
    private static string OverMemory(string path, string what) => Isolation.ExtractWorkerHost.MemoryLimitBytes is { } limit
        ? $"{path}: reading this {what} needed more than the memory limit of {limit >> 20} MB per document (--max-memory-mb), so it was given up and the batch went on. " +
          "The file is probably damaged or crafted (e.g. a compression bomb); if it is genuine, extract it alone with a higher --max-memory-mb."
        : $"{path}: reading this {what} needed more memory than PolicyMiner may use (the GC heap limit; set DOTNET_GCHeapHardLimitPercent, in hex, to change it), " +
        "so it was given up and the batch went on. The file is probably damaged or crafted (e.g. a compression bomb); if it is genuine, extract it alone with -j 1.";

    internal static ExtractedDocument ErrorRow(string path, string id, string error, string? format = null) => new()
    {
        DocId = "",
        Sha256 = id,
        Path = path,
        Format = format ?? FormatOfExtension(path),
        Error = error,
    };

    private static string FormatOfExtension(string path)
    {
        var ext = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        return ext.Length == 0 ? "unknown" : ext;
    }
}
