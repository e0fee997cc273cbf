using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolicyMiner.Extraction;

/// <summary>Reads and writes <c>documents.jsonl</c> (one <see cref="ExtractedDocument"/> per line, UTF-8, snake_case).</summary>
public static class DocumentsJsonl
{
    /// <summary>The JSON options every stage uses for JSON Lines artefacts.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Keep Chinese readable in the file (a user inspects it), still valid JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>Reads every record; a malformed line is an error naming the file and line number.</summary>
    public static IEnumerable<ExtractedDocument> Read(string path)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            ExtractedDocument? doc;
            try
            {
                doc = JsonSerializer.Deserialize<ExtractedDocument>(line, Options);
            }
            catch (JsonException ex) when (line.Contains("\"id\":", StringComparison.Ordinal) && !line.Contains("\"doc_id\":", StringComparison.Ordinal))
            {
                throw new InvalidDataException(
                    $"{path}: line {lineNumber} was written by an older PolicyMiner (it has 'id', a content hash, where documents now have 'doc_id' and 'sha256'). " +
                    "Run `policyminer extract` on the documents again to re-create the file.", ex);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException(
                    $"{path}: line {lineNumber} is not a valid document record ({ex.Message}). " +
                    "Re-create the file with `policyminer extract`, or fix that line.", ex);
            }
            yield return doc ?? throw new InvalidDataException($"{path}: line {lineNumber} is empty JSON (null).");
        }
    }

    /// <summary>Writes records atomically: to a temporary file beside <paramref name="path"/>, then renamed over it.</summary>
    public static void Write(string path, IEnumerable<ExtractedDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        AtomicFile.Write(path, writer =>
        {
            foreach (var doc in documents)
            {
                writer.Write(JsonSerializer.Serialize(doc, Options));
                writer.Write('\n');
            }
        });
    }
}
