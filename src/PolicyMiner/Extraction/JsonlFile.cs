using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PolicyMiner.Extraction;

/// <summary>
/// Streaming access to a JSON Lines file by byte offset, so that stages hold an index (a number per record) instead of
/// the records: <see cref="Lines"/> enumerates the lines with their offsets, <see cref="ReadAt(string, long)"/> reads one line back.
/// Lines are split at '\n' only (the writers never put one inside a record: JSON escapes it).
/// </summary>
internal static class JsonlFile
{
    /// <summary>Every non-blank line of <paramref name="path"/>: its byte offset, 1-based line number and UTF-8 bytes (without the line end).</summary>
    public static IEnumerable<(long Offset, int LineNumber, byte[] Line)> Lines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var buffer = new byte[1 << 16];
        using var line = new MemoryStream();
        long position = 0, start = 0;
        var number = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var from = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n')
                {
                    continue;
                }
                line.Write(buffer, from, i - from);
                number++;
                if (Trimmed(line) is { } bytes)
                {
                    yield return (start, number, bytes);
                }
                line.SetLength(0);
                from = i + 1;
                start = position + i + 1;
            }
            line.Write(buffer, from, read - from);
            position += read;
        }
        number++;
        if (Trimmed(line) is { } last)
        {
            yield return (start, number, last);
        }
    }

    /// <summary>The line that starts at byte <paramref name="offset"/> (without its line end).</summary>
    public static byte[] ReadAt(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
        return ReadAt(stream, offset);
    }

    /// <summary>The line of an open file that starts at byte <paramref name="offset"/> (without its line end; empty when blank).</summary>
    public static byte[] ReadAt(Stream stream, long offset)
    {
        stream.Seek(offset, SeekOrigin.Begin);
        using var line = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var end = Array.IndexOf(buffer, (byte)'\n', 0, read);
            line.Write(buffer, 0, end < 0 ? read : end);
            if (end >= 0)
            {
                break;
            }
        }
        return Trimmed(line) ?? [];
    }

    // A line without its '\r' (CRLF files), or null when blank.
    private static byte[]? Trimmed(MemoryStream line)
    {
        var bytes = line.ToArray();
        var length = bytes.Length;
        while (length > 0 && bytes[length - 1] is (byte)'\r' or (byte)' ' or (byte)'\t')
        {
            length--;
        }
        var blank = true;
        for (var i = 0; i < length && blank; i++)
        {
            blank = bytes[i] is (byte)' ' or (byte)'\t' or (byte)'\r';
        }
        return blank ? null : length == bytes.Length ? bytes : bytes[..length];
    }

    /// <summary>One record of documents.jsonl from its UTF-8 line; a bad line is an error naming the file and line.</summary>
    public static ExtractedDocument ParseDocument(string path, int lineNumber, byte[] line)
    {
        try
        {
            return JsonSerializer.Deserialize<ExtractedDocument>(line, DocumentsJsonl.Options)
                ?? throw new InvalidDataException($"{path}: line {lineNumber} is empty JSON (null).");
        }
        catch (JsonException ex) when (Encoding.UTF8.GetString(line) is var text && text.Contains("\"id\":", StringComparison.Ordinal) && !text.Contains("\"doc_id\":", StringComparison.Ordinal))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: line {lineNumber} was written by an older PolicyMiner (it has 'id', a content hash, where documents now have 'doc_id' and 'sha256'). ") +
                "Run `policyminer extract` on the documents again to re-create the file.", ex);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: line {lineNumber} is not a valid document record ({ex.Message}). Re-create the file with `policyminer extract`, or fix that line."), ex);
        }
    }
}

/// <summary>
/// The records of a documents.jsonl, read from the file on every enumeration instead of held in memory (a batch of
/// 100,000 documents stays on disk). The file must not change while the list is in use.
/// </summary>
internal sealed class DocumentsOnDisk(string path, int count) : IReadOnlyList<ExtractedDocument>
{
    /// <inheritdoc/>
    public int Count { get; } = count;

    /// <inheritdoc/>
    public ExtractedDocument this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var i = 0;
            foreach (var doc in this)
            {
                if (i++ == index)
                {
                    return doc;
                }
            }
            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

    /// <inheritdoc/>
    public IEnumerator<ExtractedDocument> GetEnumerator() => DocumentsJsonl.Read(path).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
