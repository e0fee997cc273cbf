using System.Collections.Concurrent;
using System.Text.Json;

namespace PolicyMiner.Extraction;

/// <summary>
/// The batch loop of <see cref="Extractor"/>, streaming (issue 15, "memory flat in corpus size"): records are written
/// to documents.jsonl in path order as they finish, through a reorder window of a few records per core, so a batch
/// holds its file list (compact: <see cref="InputList"/>) and one <see cref="ContentIndex"/> entry per distinct content
/// — never the documents. The cache of the previous run is an index of the same kind (content hash → byte offset in the
/// previous documents.jsonl, which stays in place until the new one is renamed over it); a reused record is read back
/// from there when its file comes up.
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
        // content hash → index of the first file with it (duplicates); marked with the index of the first record the next run may reuse (the cache list)
        var contents = new ContentIndex();
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
                var doc = Mark(item.Record, next, next, contents, first => files[(int)first] is var original ? (original.DocId, original.Path) : default);
                if (doc.DuplicateOf is not null)
                {
                    duplicates++;
                }
                if (doc.IsError)
                {
                    failed++;
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
                    var file = files[i]; // made from the compact list (InputList) once per use: keep it
                    var (record, wasReused) = ExtractOne(file, cache, outputPath, workers, cancellationToken);
                    pending[i] = (record, wasReused);
                    progress?.Report(new ExtractProgress(Interlocked.Increment(ref done), files.Count, file.Path, wasReused, record.IsError));
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
        WriteCacheIds(outputPath, Fingerprint, contents.MarkedInOrder());
        return new BatchCounts(reused, failed, duplicates);
    }

    /// <summary>One file's record (its doc_id set), and whether it came from the previous run's cache.</summary>
    private (ExtractedDocument Record, bool Reused) ExtractOne(
        InputFile file, ContentIndex cache, string outputPath, Isolation.ExtractWorkerPool? workers, CancellationToken cancellationToken)
    {
        byte[] bytes = [];
        var path = file.Path;
        var problem = file.Problem ?? TryRead(path, out bytes);
        if (problem is not null)
        {
            return (ErrorRow(path, "", problem) with { DocId = file.DocId }, false);
        }
        var hash = ContentHash(bytes);
        if (Sha256Key.TryParse(hash, out var key) && cache.Find(key) is var entry and >= 0 && cache.Value(entry) is var offset and >= 0
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
    /// doc_id and a warning naming its path. Error rows are never duplicates. One step, records in path order, for the
    /// batch and for <c>merge</c> (across shards): record <paramref name="index"/> of the batch is found at
    /// <paramref name="location"/> (the batch: its index; merge: its shard and byte offset), which
    /// <paramref name="contents"/> keeps for the first record of each content and <paramref name="original"/> turns back
    /// into that record's doc_id and path when a copy comes. The contents are also marked for the cache list (records the
    /// next run may reuse: not errors, not waiting for OCR), in the order they first qualify.
    /// </summary>
    internal static ExtractedDocument Mark(ExtractedDocument doc, int index, long location, ContentIndex contents, Func<long, (string DocId, string Path)> original)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(contents);
        ArgumentNullException.ThrowIfNull(original);
        var entry = -1;
        (string DocId, string Path)? first = null;
        if (!doc.IsError && doc.Sha256.Length > 0 && Sha256Key.TryParse(doc.Sha256, out var key) && !contents.TryAdd(key, location, out entry))
        {
            first = original(contents.Value(entry));
        }
        if (entry >= 0 && !doc.Quality.NeedsOcr && contents.Mark(entry) < 0)
        {
            contents.SetMark(entry, index);
        }
        return Remark(doc, first);
    }

    /// <summary>
    /// Clears the duplicate marks a record may carry (from the cache, or from one shard of a batch) and, when
    /// <paramref name="original"/> is given, marks it a byte-identical copy of that document: the one rule behind
    /// <see cref="Mark"/> (a batch, and merge across shards).
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

    /// <summary>
    /// The previous run's reusable records: content hash → byte offset of the record in <paramref name="outputPath"/>
    /// (an entry's value is -1 when the cache lists the hash but the output has no reusable record of it).
    /// </summary>
    private ContentIndex LoadCache(string outputPath)
    {
        var cache = new ContentIndex();
        var cachePath = CachePathFor(outputPath);
        if (!File.Exists(outputPath) || !File.Exists(cachePath))
        {
            return cache;
        }
        try
        {
            if (!ReadCacheIds(cachePath, Fingerprint, cache))
            {
                return new ContentIndex();
            }
            foreach (var (offset, number, line) in JsonlFile.Lines(outputPath))
            {
                var doc = JsonlFile.ParseDocument(outputPath, number, line);
                if (!doc.IsError && !doc.Quality.NeedsOcr && Sha256Key.TryParse(doc.Sha256, out var key) && cache.Find(key) is var entry and >= 0 && cache.Value(entry) < 0)
                {
                    cache.SetValue(entry, offset);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException)
        {
            // A damaged cache or output only costs a full re-extraction.
            return new ContentIndex();
        }
        return cache;
    }

    /// <summary>
    /// Reads the cache file (<c>{"fingerprint": …, "ids": [hashes]}</c>) token by token into <paramref name="into"/> (value
    /// -1 each); false when it was made under another fingerprint. Ids are never all strings at once.
    /// </summary>
    private static bool ReadCacheIds(string cachePath, string fingerprint, ContentIndex into)
    {
        var bytes = File.ReadAllBytes(cachePath);
        var reader = new Utf8JsonReader(bytes);
        string? found = null;
        var sawIds = false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("not an object");
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "fingerprint" && reader.TokenType == JsonTokenType.String)
            {
                found = reader.GetString();
            }
            else if (name == "ids" && reader.TokenType == JsonTokenType.StartArray)
            {
                sawIds = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    // an id that is not a hash (a damaged file) matches no record, as before
                    if (Sha256Key.TryParse(reader.GetString(), out var key))
                    {
                        into.TryAdd(key, -1, out _);
                    }
                }
                if (reader.TokenType != JsonTokenType.EndArray)
                {
                    throw new JsonException("ids is not a list of strings");
                }
            }
            else
            {
                reader.Skip();
            }
        }
        return sawIds && string.Equals(found, fingerprint, StringComparison.Ordinal);
    }

    /// <summary>Writes the cache file as <c>{"fingerprint": …, "ids": [hashes]}</c>, one id at a time (also for merge).</summary>
    internal static void WriteCacheIds(string outputPath, string fingerprint, IEnumerable<string> ids) =>
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
}
