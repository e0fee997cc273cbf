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
        var docs = DocumentsJsonl.Read(documentsPath).Where(d => keep is null || keep(d)).ToList();
        var lines = new string[docs.Count];
        var counts = new int[docs.Count];
        var tokenizer = JiebaTokenizer.Default;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount };
        Parallel.For(0, docs.Count, parallel, i =>
        {
            var d = docs[i];
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
                    counts[i] = tokens.Count;
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
            lines[i] = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        });
        AtomicFile.Write(outputPath, w =>
        {
            foreach (var line in lines)
            {
                w.Write(line);
                w.Write('\n');
            }
        });
        return new SegmentResult(docs.Count, counts.Sum(c => (long)c), docs.Count(d => d.IsError));
    }
}
