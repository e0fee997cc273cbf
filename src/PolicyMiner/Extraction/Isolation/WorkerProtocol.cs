using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PolicyMiner.Extraction.Isolation;

/// <summary>How to start an extract worker process: a program and its arguments (e.g. the CLI with its hidden
/// <c>extract-worker</c> verb). The worker speaks <see cref="WorkerProtocol"/> on its standard input and output.</summary>
/// <param name="FileName">The program (an apphost, or <c>dotnet</c>).</param>
/// <param name="Arguments">Its arguments (e.g. the CLI's .dll and <c>extract-worker</c>).</param>
public sealed record ExtractWorkerStart(string FileName, IReadOnlyList<string> Arguments);

/// <summary>A message from the parent: the options (first message), then one file to extract per message.</summary>
/// <param name="Options">The extract options (first message only).</param>
/// <param name="Path">The file to extract.</param>
internal sealed record WorkerRequest(ExtractOptions? Options, string? Path);

/// <summary>A message from a worker: <c>ready</c> once, then per file any number of <c>page</c> (page n started) and one <c>done</c>.</summary>
/// <param name="Kind"><c>ready</c>, <c>page</c> or <c>done</c>.</param>
/// <param name="Page">The page that started (kind <c>page</c>).</param>
/// <param name="Document">The record (kind <c>done</c>).</param>
internal sealed record WorkerReply(string Kind, int Page, ExtractedDocument? Document);

/// <summary>
/// Frames between the CLI and its extract workers: a 4-byte little-endian length, then that many bytes of UTF-8 JSON
/// (the snake_case options of documents.jsonl, so a record crosses unchanged). Length-prefixed rather than
/// line-delimited so that a document's text may hold anything.
/// </summary>
internal static class WorkerProtocol
{
    /// <summary>Largest frame accepted (a document of 20 M characters is ~60 MB of JSON).</summary>
    public const int MaxFrameBytes = 1 << 30;

    /// <summary>
    /// documents.jsonl's options with compile-time generated serialization code for the messages
    /// (<see cref="DocumentsJsonContext"/>), so that a worker builds no converters by reflection at start-up. Only here:
    /// generated code fills a record's init-only properties missing from the JSON with default values instead of their
    /// initialisers (a documents.jsonl of an older version without <c>parties</c> would read back as null), and the
    /// two sides of this protocol are always the same build, writing every property.
    /// </summary>
    private static readonly JsonSerializerOptions Options = new(DocumentsJsonl.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(DocumentsJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static void Write<T>(Stream stream, T message)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(message, Options);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, json.Length);
        stream.Write(length);
        stream.Write(json);
        stream.Flush();
    }

    /// <summary>The next message, or null at the end of the stream (the other side closed it or died).</summary>
    public static T? Read<T>(Stream stream) where T : class
    {
        var length = new byte[4];
        if (!ReadExactly(stream, length))
        {
            return null;
        }
        var size = BinaryPrimitives.ReadInt32LittleEndian(length);
        if (size < 0 || size > MaxFrameBytes)
        {
            throw new InvalidDataException($"extract worker protocol: a frame of {size} bytes (the other side is not an extract worker)");
        }
        var json = new byte[size];
        return ReadExactly(stream, json) ? JsonSerializer.Deserialize<T>(json, Options) : null;
    }

    private static bool ReadExactly(Stream stream, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                return false;
            }
            read += n;
        }
        return true;
    }
}
