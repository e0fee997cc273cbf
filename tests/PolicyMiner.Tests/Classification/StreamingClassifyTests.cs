using PolicyMiner.Classification;
using PolicyMiner.Extraction;

namespace PolicyMiner.Tests.Classification;

/// <summary>
/// Memory flat in corpus size (issue 15): the streaming extract and classify write the same bytes as the in-memory
/// path, whatever the batch, on real regulations (../shared) with an error row and a byte-identical copy among them.
/// </summary>
public sealed class StreamingClassifyTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("pm-stream-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string ExtractSample()
    {
        var docs = Directory.CreateDirectory(Path.Combine(dir, "docs")).FullName;
        var regulations = Directory.GetFiles(SharedData.PathOf("corpora", "regulations", "docs"), "*.md").Order(StringComparer.Ordinal).Take(60).ToList();
        foreach (var file in regulations)
        {
            File.Copy(file, Path.Combine(docs, Path.GetFileName(file)));
        }
        File.Copy(regulations[3], Path.Combine(docs, "R0004z.md")); // a duplicate (after R0004.md in path order): duplicate_of the original
        File.WriteAllText(Path.Combine(docs, "R0005a.txt"), "");        // an error row: left out of classify with a warning
        var output = Path.Combine(dir, "documents.jsonl");
        new Extractor(new ExtractOptions { Ocr = OcrMode.Off, MaxParallelism = 2 }).ExtractBatch([docs], output);
        return output;
    }

    [Fact]
    public void Extract_streams_records_in_path_order_marks_duplicates_and_reuses_its_cache_byte_for_byte()
    {
        var output = ExtractSample();
        var first = File.ReadAllBytes(output);
        var records = DocumentsJsonl.Read(output).ToList();
        Assert.Equal(62, records.Count);
        Assert.Equal(records.Select(r => r.Path).Order(StringComparer.Ordinal), records.Select(r => r.Path));
        Assert.Equal("R0004", records.Single(r => r.DocId == "R0004z").DuplicateOf);
        Assert.True(records.Single(r => r.DocId == "R0005a").IsError);

        var again = new Extractor(new ExtractOptions { Ocr = OcrMode.Off, MaxParallelism = 2 }).ExtractBatch([Path.Combine(dir, "docs")], output);
        Assert.Equal(61, again.Reused); // every record but the error row came from the cache
        Assert.Equal(1, again.Duplicates);
        Assert.Equal(first, File.ReadAllBytes(output));
        Assert.Equal(62, again.Documents.Count);
        Assert.Equal(records.Select(r => r.DocId), again.Documents.Select(r => r.DocId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(512)]
    public void Streaming_classify_writes_the_same_labeled_csv_and_review_csv_as_the_in_memory_path(int batchSize)
    {
        var jsonl = ExtractSample();
        var book = Codebook.LoadOrBuiltIn(null, out _);
        var classifier = new SeedWordClassifier(book);

        var all = InputDocuments.Read(jsonl);
        var predictions = classifier.Classify(all.Documents);
        var labeled = Path.Combine(dir, "labeled.csv");
        var review = Path.Combine(dir, "review.csv");
        LabeledCsv.Write(labeled, book, predictions, all.Documents);
        LabeledCsv.WriteReview(review, book, predictions, all.Documents);

        var streamedLabeled = Path.Combine(dir, "out", "labeled.csv");
        var streamedReview = Path.Combine(dir, "out", "review.csv");
        var result = StreamingClassify.Write(jsonl, book, classifier.Classify, streamedLabeled, streamedReview, batchSize);

        Assert.Equal(61, result.Documents);
        Assert.Equal(predictions.Count(p => p.NeedsReview), result.Flagged);
        Assert.Equal(all.Warnings, result.Warnings);
        Assert.Equal(File.ReadAllBytes(labeled), File.ReadAllBytes(streamedLabeled));
        Assert.Equal(File.ReadAllBytes(review), File.ReadAllBytes(streamedReview));
        Assert.Equal(new[] { "labeled.csv", "review.csv" }, Directory.GetFiles(Path.Combine(dir, "out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Streaming_classify_names_repeated_doc_ids_as_the_in_memory_path_does()
    {
        var jsonl = ExtractSample();
        var lines = File.ReadAllLines(jsonl);
        File.WriteAllLines(jsonl, [.. lines, lines[0]]);
        var book = Codebook.LoadOrBuiltIn(null, out _);
        var expected = Assert.Throws<InvalidDataException>(() => InputDocuments.Read(jsonl));
        var actual = Assert.Throws<InvalidDataException>(() =>
            StreamingClassify.Write(jsonl, book, new SeedWordClassifier(book).Classify, Path.Combine(dir, "l.csv"), Path.Combine(dir, "r.csv")));
        Assert.Equal(expected.Message, actual.Message);
    }
}
