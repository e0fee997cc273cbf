using System.Text.Json;
using PolicyMiner.Extraction;

namespace PolicyMiner.Segmentation;

/// <summary>What the segment stage did.</summary>
/// <param name="Documents">Records written (error rows included, without tokens).</param>
/// <param name="Tokens">Tokens written.</param>
/// <param name="ErrorRows">Extract error rows passed through.</param>
public sealed record SegmentResult(int Documents, long Tokens, int ErrorRows);

/// <summary>
/// The <c>segment</c> stage: <c>documents.jsonl</c> (from extract) → <c>segmented.jsonl</c>, one line per document,
/// <c>{"id", "path", "tokens": [[word, start, end], …]}</c>: jieba precise-mode tokens (HMM on, exactly
/// <c>jieba.tokenize</c>, whitespace and punctuation tokens included) of the record's <c>text</c>, with offsets
/// in UTF-16 code units (<c>text[start..end)</c>). Extract error rows are passed through with their <c>error</c>.
/// </summary>
public static class SegmentStage
{
    /// <summary>Segments every document of <paramref name="documentsPath"/> into <paramref name="outputPath"/> (atomically, input order);
    /// <paramref name="keep"/>, when given, picks the documents (e.g. a shard's).</summary>
    public static SegmentResult Run(string documentsPath, string outputPath, int maxParallelism = 0, Func<ExtractedDocument, bool>? keep = null)
    {
        if (!File.Exists(documentsPath))
        {
            throw new InvalidDataException($"{documentsPath}: file not found. Pass the documents.jsonl written by `policyminer extract`.");
        }
        // Streams (issue 15, memory flat in corpus size): documents are read lazily and cut in chunks of
        // ChunkPerCore per core in parallel, each chunk written in input order before the next is read, so memory holds
        // one chunk of documents and lines, whatever the corpus size (it held every document and every line).
        var tokenizer = JiebaTokenizer.Default;
        var cores = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = cores };
        var chunkSize = ChunkPerCore * cores;
        int documents = 0, errorRows = 0;
        long tokenCount = 0;
        AtomicFile.Write(outputPath, w =>
        {
            foreach (var docs in DocumentsJsonl.Read(documentsPath).Where(d => keep is null || keep(d)).Chunk(chunkSize))
            {
                var lines = new string[docs.Length];
                var counts = new int[docs.Length];
                Parallel.For(0, docs.Length, parallel, i => lines[i] = Line(docs[i], tokenizer, out counts[i]));
                foreach (var line in lines)
                {
                    w.Write(line);
                    w.Write('\n');
                }
                documents += docs.Length;
                errorRows += docs.Count(d => d.IsError);
                tokenCount += counts.Sum(c => (long)c);
            }
        });
        return new SegmentResult(documents, tokenCount, errorRows);
    }

    /// <summary>Documents per core in one chunk: enough to keep the cores busy between chunks, few enough to stay small.</summary>
    internal const int ChunkPerCore = 256;

    // One segmented.jsonl line: doc_id, path and the tokens (or the extract error).
    private static string Line(ExtractedDocument d, JiebaTokenizer tokenizer, out int count)
    {
        count = 0;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("doc_id", d.DocId);
            w.WriteString("path", d.Path);
            if (d.IsError)
            {
                w.WriteString("error", d.Error);
            }
            else
            {
                var tokens = tokenizer.Tokenize(d.Text);
                count = tokens.Count;
                w.WriteStartArray("tokens");
                foreach (var t in tokens)
                {
                    w.WriteStartArray();
                    w.WriteStringValue(t.Word);
                    w.WriteNumberValue(t.Start);
                    w.WriteNumberValue(t.End);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
