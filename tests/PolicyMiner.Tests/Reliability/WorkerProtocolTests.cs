using System.Text.Json;
using PolicyMiner.Extraction;
using PolicyMiner.Extraction.Isolation;

namespace PolicyMiner.Tests.Reliability;

// Issue 13 (start-up): the worker protocol serializes with compile-time generated code (DocumentsJsonContext) instead of
// reflection. A frame must carry the same JSON as documents.jsonl's reflection-based options would write, and a
// record must come back whole (parties, signatories, duplicate_of, truncated, warnings).
public class WorkerProtocolTests
{
    private static ExtractedDocument RealRecord()
    {
        // A real joint policy of the sample corpus: 13 co-issuing parties, with roles, kinds and governments.
        var file = Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "corpora", "sample", "joint-policies"), "*.txt")
            .Select(f => new Extractor(new ExtractOptions { Ocr = OcrMode.Off }).ExtractFile(f))
            .First(d => d.Metadata.Parties.Count >= 2);
        return file with
        {
            DuplicateOf = "digital-central-003",
            Quality = file.Quality with { Truncated = true, Warnings = ["text cut after 20000000 characters"] },
        };
    }

    [Fact]
    public void A_record_crosses_the_protocol_unchanged_and_as_the_jsonl_writer_writes_it()
    {
        var doc = RealRecord();
        var reply = new WorkerReply("done", 0, doc);
        using var stream = new MemoryStream();
        WorkerProtocol.Write(stream, reply);

        var frame = stream.ToArray();
        var expected = JsonSerializer.SerializeToUtf8Bytes(reply, DocumentsJsonl.Options); // reflection, as before
        Assert.Equal(expected.Length, BitConverter.ToInt32(frame, 0));
        Assert.Equal(expected, frame[4..]);

        stream.Position = 0;
        var back = WorkerProtocol.Read<WorkerReply>(stream);
        Assert.NotNull(back?.Document);
        Assert.Equal(JsonSerializer.Serialize(doc, DocumentsJsonl.Options), JsonSerializer.Serialize(back.Document, DocumentsJsonl.Options));
        Assert.True(back.Document.Metadata.Parties.Count >= 2);
        Assert.Equal("digital-central-003", back.Document.DuplicateOf);
        Assert.True(back.Document.Quality.Truncated);
        Assert.Null(WorkerProtocol.Read<WorkerReply>(stream)); // end of stream
    }

    [Fact]
    public void The_options_message_reaches_the_worker_whole()
    {
        var options = new ExtractOptions
        {
            Ocr = OcrMode.Force,
            ToSimplified = true,
            MaxFileBytes = 12345,
            MaxTextCharacters = 678,
            DocumentTimeout = TimeSpan.FromSeconds(42),
            MaxWorkerMemoryBytes = 1L << 30,
        };
        using var stream = new MemoryStream();
        WorkerProtocol.Write(stream, new WorkerRequest(options, null));
        stream.Position = 0;
        var back = WorkerProtocol.Read<WorkerRequest>(stream)?.Options;
        Assert.NotNull(back);
        Assert.Equal(options with { PageStarted = null }, back with { PageStarted = null });
    }

    [Fact]
    public void Documents_jsonl_of_an_older_version_reads_with_the_defaults_of_missing_fields()
    {
        // Why documents.jsonl keeps reflection-based reading: a record written before `parties` existed must read back
        // with an empty list (the property's initialiser), not null.
        var path = Path.Combine(Path.GetTempPath(), $"pm-old-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllText(path, "{\"doc_id\":\"a\",\"path\":\"a.txt\",\"format\":\"txt\",\"text\":\"x\",\"metadata\":{\"signatories\":[]}}\n");
            var doc = Assert.Single(DocumentsJsonl.Read(path));
            Assert.Empty(doc.Metadata.Parties);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
