using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace PolicyMiner.Extraction;

/// <summary>
/// The batch loop of <see cref="Extractor"/>, streaming (issue 15, "memory flat in corpus size"): records are written
/// to documents.jsonl in path order as they finish, through a reorder window of a few records per core, so a batch
/// holds its file list and one 32-byte hash per document — never the documents. The cache of the previous run is an
/// index (content hash → byte offset in the previous documents.jsonl, which stays in place until the new one is
/// renamed over it); a reused record is read back from there when its file comes up.
/// </summary>
public sealed partial class Extractor
{
    /// <summary>Records finished but not yet written, per core: a slow file holds up at most this many behind it.</summary>
    private const int WindowPerCore = 8;

    private sealed record BatchCounts(int Reused, int Failed, int Duplicates);

    private BatchCounts StreamBatch(
        IReadOnlyList<InputFile> files, string outputPath, Isolation.ExtractWorkerPool? workers, IProgress<ExtractProgress>? progress, CancellationToken cancellationToken)
    {
        var cache = LoadCache(outputPath);
        var parallelism = Math.Max(1, Options.MaxParallelism);
        using var window = new SemaphoreSlim(WindowPerCore * parallelism + 8);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new ConcurrentDictionary<int, (ExtractedDocument Record, bool Reused)>();
        var gate = new object();
        var firstOfHash = new Dictionary<ShaKey, int>(); // content hash → index of the first file with it (duplicates)
        var cacheIds = new List<ShaKey>();                 // hashes the next run may reuse, first-seen order
        var cacheSeen = new HashSet<ShaKey>();
        int next = 0, done = 0, reused = 0, failed = 0, duplicates = 0;

        // Hands out indices in order, each only once a window slot is free: the earliest unwritten record always
        // holds a slot and is being worked on, so the window never deadlocks.
        IEnumerable<int> Indices()
        {
            for (var i = 0; i < files.Count; i++)
            {
                window.Wait(stop.Token);
                yield return i;
            }
        }

        void WriteInOrder(TextWriter writer)
        {
            // called under gate by whichever worker finished the next record to write
            while (pending.TryRemove(next, out var item))
            {
                var doc = Mark(item.Record, next, files, firstOfHash);
                if (doc.DuplicateOf is not null)
                {
                    duplicates++;
                }
                if (doc.IsError)
                {
                    failed++;
                }
                else if (!doc.Quality.NeedsOcr && ShaKey.TryParse(doc.Sha256, out var key) && cacheSeen.Add(key))
                {
                    cacheIds.Add(key);
                }
                reused += item.Reused ? 1 : 0;
                writer.Write(JsonSerializer.Serialize(doc, DocumentsJsonl.Options));
                writer.Write('\n');
                next++;
                window.Release();
            }
        }

        AtomicFile.Write(outputPath, writer =>
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
            Parallel.ForEach(Partitioner.Create(Indices(), EnumerablePartitionerOptions.NoBuffering), parallel, i =>
            {
                try
                {
                    var (record, wasReused) = ExtractOne(files[i], cache, outputPath, workers, cancellationToken);
                    pending[i] = (record, wasReused);
                    progress?.Report(new ExtractProgress(Interlocked.Increment(ref done), files.Count, files[i].Path, wasReused, record.IsError));
                    lock (gate)
                    {
                        WriteInOrder(writer);
                    }
                }
                catch
                {
                    stop.Cancel(); // the producer may be waiting for a slot this record would have freed
                    throw;
                }
            });
        });
        WriteCache(outputPath, cacheIds);
        return new BatchCounts(reused, failed, duplicates);
    }

    /// <summary>One file's record (its doc_id set), and whether it came from the previous run's cache.</summary>
    private (ExtractedDocument Record, bool Reused) ExtractOne(
        InputFile file, Dictionary<ShaKey, long> cache, string outputPath, Isolation.ExtractWorkerPool? workers, CancellationToken cancellationToken)
    {
        byte[] bytes = [];
        var path = file.Path;
        var problem = file.Problem ?? TryRead(path, out bytes);
        if (problem is not null)
        {
            return (ErrorRow(path, "", problem) with { DocId = file.DocId }, false);
        }
        var hash = ContentHash(bytes);
        if (ShaKey.TryParse(hash, out var key) && cache.TryGetValue(key, out var offset)
            && ReadCached(outputPath, offset, hash) is { } cached)
        {
            return (cached with { Path = path, DocId = file.DocId }, true);
        }
        // in a worker process when the options ask for one (Isolation/ExtractWorkerPool.cs), else here
        var record = workers?.Extract(path, hash, cancellationToken) ?? ExtractFile(path, bytes, cancellationToken);
        return (record with { DocId = file.DocId }, false);
    }

    // The cached record at offset, or null when the previous output changed under us (then the file is extracted again).
    private static ExtractedDocument? ReadCached(string outputPath, long offset, string hash)
    {
        try
        {
            var doc = JsonSerializer.Deserialize<ExtractedDocument>(JsonlFile.ReadAt(outputPath, offset), DocumentsJsonl.Options);
            return doc is not null && string.Equals(doc.Sha256, hash, StringComparison.Ordinal) ? doc : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Byte-identical files (same sha256; common in scraped corpora) keep their own rows and doc_ids, so every path is
    /// accounted for and coded rows still match them; the later ones (path order) get <c>duplicate_of</c> = the first's
    /// doc_id and a warning naming its path. Error rows are never duplicates.
    /// </summary>
    private static ExtractedDocument Mark(ExtractedDocument doc, int index, IReadOnlyList<InputFile> files, Dictionary<ShaKey, int> firstOfHash)
    {
        InputFile? original = null;
        if (!doc.IsError && doc.Sha256.Length > 0 && ShaKey.TryParse(doc.Sha256, out var key) && !firstOfHash.TryAdd(key, index))
        {
            original = files[firstOfHash[key]];
        }
        return Remark(doc, original is null ? null : (original.DocId, original.Path));
    }

    /// <summary>
    /// Clears the duplicate marks a record may carry (from the cache, or from one shard of a batch) and, when
    /// <paramref name="original"/> is given, marks it a byte-identical copy of that document: the one rule behind
    /// <see cref="Mark"/> (a batch) and <see cref="MarkDuplicate"/> (merge, across shards).
    /// </summary>
    private static ExtractedDocument Remark(ExtractedDocument doc, (string DocId, string Path)? original)
    {
        var clean = doc.IsError ? doc with { DuplicateOf = null } : doc with
        {
            DuplicateOf = null,
            Quality = doc.Quality with { Warnings = [.. doc.Quality.Warnings.Where(w => !w.StartsWith(DuplicateNote, StringComparison.Ordinal))] },
        };
        return original is not { } o ? clean : clean with
        {
            DuplicateOf = o.DocId,
            Quality = clean.Quality with { Warnings = [.. clean.Quality.Warnings, $"{DuplicateNote} as {o.Path} (doc_id {o.DocId}): duplicate_of is set"] },
        };
    }

    private const string DuplicateNote = "same content (same sha256)";

    /// <summary>The previous run's reusable records: content hash → byte offset of the record in <paramref name="outputPath"/>.</summary>
    private Dictionary<ShaKey, long> LoadCache(string outputPath)
    {
        var cache = new Dictionary<ShaKey, long>();
        var cachePath = CachePathFor(outputPath);
        if (!File.Exists(outputPath) || !File.Exists(cachePath))
        {
            return cache;
        }
        try
        {
            HashSet<ShaKey> valid;
            using (var stream = File.OpenRead(cachePath))
            {
                var entry = JsonSerializer.Deserialize<CacheFile>(stream, DocumentsJsonl.Options);
                if (entry is null || !string.Equals(entry.Fingerprint, Fingerprint, StringComparison.Ordinal))
                {
                    return cache;
                }
                valid = [.. entry.Ids.Select(id => ShaKey.TryParse(id, out var k) ? k : default)];
            }
            foreach (var (offset, number, line) in JsonlFile.Lines(outputPath))
            {
                var doc = JsonlFile.ParseDocument(outputPath, number, line);
                if (!doc.IsError && !doc.Quality.NeedsOcr && ShaKey.TryParse(doc.Sha256, out var key) && valid.Contains(key))
                {
                    cache.TryAdd(key, offset);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException)
        {
            // A damaged cache or output only costs a full re-extraction.
            cache.Clear();
        }
        return cache;
    }

    private void WriteCache(string outputPath, List<ShaKey> ids) => WriteCacheIds(outputPath, Fingerprint, ids.Select(k => k.ToString()));

    /// <summary>Writes the cache file as <c>{"fingerprint": …, "ids": [hashes]}</c>, one id at a time (also for merge).</summary>
    private static void WriteCacheIds(string outputPath, string fingerprint, IEnumerable<string> ids) =>
        AtomicFile.Write(CachePathFor(outputPath), w =>
        {
            w.Write("{\"fingerprint\":");
            w.Write(JsonSerializer.Serialize(fingerprint, DocumentsJsonl.Options));
            w.Write(",\"ids\":[");
            var first = true;
            foreach (var id in ids)
            {
                w.Write(first ? "\"" : ",\"");
                w.Write(id);
                w.Write('"');
                first = false;
            }
            w.Write("]}");
        });

    /// <summary>A SHA-256 as two 128-bit numbers: 32 bytes per document instead of a 64-character string.</summary>
    private readonly record struct ShaKey(UInt128 High, UInt128 Low)
    {
        public static bool TryParse(string? hex, out ShaKey key)
        {
            key = default;
            if (hex is not { Length: 64 }
                || !UInt128.TryParse(hex.AsSpan(0, 32), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var high)
                || !UInt128.TryParse(hex.AsSpan(32), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var low))
            {
                return false;
            }
            key = new ShaKey(high, low);
            return true;
        }

        public override string ToString() =>
            High.ToString("x32", CultureInfo.InvariantCulture) + Low.ToString("x32", CultureInfo.InvariantCulture);
    }
}
