using System.Collections;
using System.Text.Json;
using PolicyMiner.Extraction;

namespace PolicyMiner.Export;

/// <summary>
/// The export stage's documents on disk (issue 15, memory in corpus size): a temporary folder beside the outputs holds
/// the records of documents.jsonl without their text, in the dataset's order (path, then doc_id, ordinal), one JSON line
/// each, and a second copy in doc_id order, which the network files read; memory keeps their byte offsets (16 bytes a
/// document). Sorting never holds more than <see cref="SpillSort.RunSize"/> keys: longer inputs are
/// sorted in runs on disk and merged. The folder is removed on <see cref="Dispose"/>.
/// </summary>
internal sealed class ExportSpool : IDisposable
{
    private readonly string documentsFile;
    private readonly string byDocIdFile;
    private long[] offsets = [];
    private long[] byDocIdOffsets = [];
    private readonly Dictionary<string, FileStream> readers = new(StringComparer.Ordinal);
    private FileStream? random;
    private InvalidDataException? repeated;

    private ExportSpool(string folder)
    {
        Folder = folder;
        documentsFile = Path.Combine(folder, "documents.jsonl");
        byDocIdFile = Path.Combine(folder, "by-doc-id.jsonl");
    }

    /// <summary>The temporary folder.</summary>
    public string Folder { get; }

    /// <summary>The documents (without text) in dataset order; each enumeration reads the spool again.</summary>
    public IReadOnlyList<ExtractedDocument> Documents { get; private set; } = [];

    /// <summary>The same documents in doc_id order (ordinal), from a second spool file; each enumeration reads it again.</summary>
    public IReadOnlyList<ExtractedDocument> ByDocId { get; private set; } = [];

    /// <summary>Throws the error of a doc_id listed twice, if one is (called where the in-memory build checks).</summary>
    public void CheckUnique()
    {
        if (repeated is not null)
        {
            throw repeated;
        }
    }

    /// <summary>
    /// Spools <paramref name="documentsJsonl"/> into a new temporary folder under <paramref name="outputFolder"/>. A doc_id
    /// listed twice is the error the in-memory dataset build gives (the first repeat in dataset order), thrown by <see cref="CheckUnique"/>.
    /// </summary>
    public static ExportSpool Create(string documentsJsonl, string outputFolder)
    {
        ScratchFiles.RemoveStale(outputFolder);
        var folder = ScratchFiles.NewPath(outputFolder, "export-spool");
        Directory.CreateDirectory(folder);
        var spool = new ExportSpool(folder);
        try
        {
            spool.Fill(documentsJsonl);
            return spool;
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    private void Fill(string source)
    {
        // Usually documents.jsonl is already in path order (extract writes it so): then one pass copies it. Otherwise the
        // source offsets are put in order by an external sort of (path, doc_id) keys, and the records read back in that order.
        var sourceOffsets = new List<long>();
        var sourceLines = new List<int>();
        var sorted = true;
        string? lastPath = null, lastId = null;
        foreach (var (offset, number, line) in JsonlFile.Lines(source))
        {
            var d = JsonlFile.ParseDocument(source, number, line);
            if (lastPath is not null && Compare(lastPath, lastId!, d.Path, d.DocId) > 0)
            {
                sorted = false;
            }
            (lastPath, lastId) = (d.Path, d.DocId);
            sourceOffsets.Add(offset);
            sourceLines.Add(number);
        }
        IEnumerable<int> order;
        if (sorted)
        {
            order = Enumerable.Range(0, sourceOffsets.Count);
        }
        else
        {
            var keys = ReadAt(source, sourceOffsets, sourceLines, Enumerable.Range(0, sourceOffsets.Count))
                .Select((d, i) => (d.Path + "\0" + d.DocId, i));
            order = SpillSort.Sort(keys, Folder, "path");
        }
        var written = new List<long>(sourceOffsets.Count);
        using (var output = new FileStream(documentsFile, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16))
        {
            foreach (var d in ReadAt(source, sourceOffsets, sourceLines, order))
            {
                written.Add(output.Position);
                JsonSerializer.Serialize(output, d with { Text = "" }, DocumentsJsonl.Options);
                output.WriteByte((byte)'\n');
            }
        }
        offsets = written.ToArray();
        sourceOffsets.Clear();
        sourceLines.Clear();
        Documents = new SpooledDocuments(documentsFile, () => offsets, this);
        var docIdOrder = new int[offsets.Length];
        var k = 0;
        string? previous = null;
        var previousPosition = -1;
        var repeat = -1;
        foreach (var (id, position) in SpillSort.SortWithKeys(Documents.Select((d, i) => (d.DocId, i)), Folder, "id"))
        {
            if (previous is not null && string.Equals(previous, id, StringComparison.Ordinal))
            {
                // The repeat the in-memory check names: the later of the two in dataset order, the earliest such.
                var later = Math.Max(previousPosition, position);
                repeat = repeat < 0 ? later : Math.Min(repeat, later);
            }
            (previous, previousPosition) = (id, position);
            docIdOrder[k++] = position;
        }
        if (repeat >= 0)
        {
            var d = Documents[repeat];
            repeated = new InvalidDataException(
                $"documents.jsonl lists doc_id '{d.DocId}' twice ({d.Path}); the same file was extracted twice. Remove one of the records.");
        }
        // The network files read the documents in doc_id order, several times: a second copy in that order reads straight through.
        var second = new long[docIdOrder.Length];
        using (var output = new FileStream(byDocIdFile, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16))
        {
            random ??= new FileStream(documentsFile, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            for (var i = 0; i < docIdOrder.Length; i++)
            {
                second[i] = output.Position;
                output.Write(ReadLine(random, offsets[docIdOrder[i]]));
                output.WriteByte((byte)'\n');
            }
        }
        byDocIdOffsets = second;
        ByDocId = new SpooledDocuments(byDocIdFile, () => byDocIdOffsets, this);
    }

    // One reader per spool file for the indexers (owned here, closed on Dispose).
    private FileStream Reader(string file)
    {
        if (!readers.TryGetValue(file, out var stream))
        {
            readers[file] = stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        }
        return stream;
    }

    private static int Compare(string pathA, string idA, string pathB, string idB)
    {
        var c = string.CompareOrdinal(pathA, pathB);
        return c != 0 ? c : string.CompareOrdinal(idA, idB);
    }

    // The records at the given source offsets, in the given order, each parsed as documents.jsonl's reader does.
    private static IEnumerable<ExtractedDocument> ReadAt(string source, List<long> sourceOffsets, List<int> sourceLines, IEnumerable<int> order)
    {
        using var stream = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        foreach (var i in order)
        {
            yield return JsonlFile.ParseDocument(source, sourceLines[i], ReadLine(stream, sourceOffsets[i]));
        }
    }

    internal static byte[] ReadLine(FileStream stream, long offset) => JsonlFile.ReadAt(stream, offset);

    /// <inheritdoc/>
    public void Dispose()
    {
        random?.Dispose();
        random = null;
        foreach (var stream in readers.Values)
        {
            stream.Dispose();
        }
        readers.Clear();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a reader still open on Windows; the folder's name says what it is
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The spooled records: enumeration reads the file in order; the indexer seeks to one record.</summary>
    private sealed class SpooledDocuments(string file, Func<long[]> offsets, ExportSpool spool) : IReadOnlyList<ExtractedDocument>
    {
        public int Count => offsets().Length;

        public ExtractedDocument this[int index] => Parse(ReadLine(spool.Reader(file), offsets()[index]));

        public IEnumerator<ExtractedDocument> GetEnumerator()
        {
            foreach (var (_, _, line) in JsonlFile.Lines(file))
            {
                yield return Parse(line);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private static ExtractedDocument Parse(byte[] line) =>
            JsonSerializer.Deserialize<ExtractedDocument>(line, DocumentsJsonl.Options) ?? throw new InvalidDataException("export spool: empty record.");
    }
}
