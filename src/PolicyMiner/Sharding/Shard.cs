using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PolicyMiner.Sharding;

/// <summary>
/// One part of a batch split for a cluster job array: shard <see cref="Index"/> of <see cref="Count"/> (1-based, as
/// Slurm's <c>$SLURM_ARRAY_TASK_ID/N</c>). A document belongs to exactly one shard, chosen by a
/// hash of its doc_id that is the same on every machine, process and .NET version (the first 8 bytes of the SHA-256 of
/// the doc_id's UTF-8 bytes, big-endian, modulo the count — not <see cref="string.GetHashCode()"/>, which is randomised
/// per process). doc_ids are assigned over the WHOLE batch first (<see cref="DocumentIdentity.AssignIds"/>), so a
/// document has the same doc_id, and so the same shard, in a 1-shard and an n-shard run.
/// </summary>
/// <param name="Index">1-based shard number.</param>
/// <param name="Count">Number of shards.</param>
public sealed record Shard(int Index, int Count)
{
    /// <summary>The one shard of an unsharded run.</summary>
    public static Shard Whole { get; } = new(1, 1);

    /// <summary>
    /// Parses <c>i/n</c> (e.g. <c>2/8</c>). Throws <see cref="ArgumentException"/> with a message for the user on
    /// anything else (<c>0/3</c>, <c>4/3</c>, <c>x</c>, <c>2</c>).
    /// </summary>
    public static Shard Parse(string? text)
    {
        var value = (text ?? "").Trim();
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        const string Usage = "Give it as i/n with 1 ≤ i ≤ n, e.g. --shard 2/8, or --shard $SLURM_ARRAY_TASK_ID/N in a Slurm job array submitted with --array=1-N (write N itself: $SLURM_ARRAY_TASK_COUNT is 1 when one task is re-run).";
        if (slash < 0
            || !int.TryParse(value.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new ArgumentException($"--shard '{text}' is not a shard number. {Usage}" +
                (value.Contains('$', StringComparison.Ordinal) || value.StartsWith('/') || value.EndsWith('/') ? " (A variable that is empty or unset outside a job array gives this; Slurm sets SLURM_ARRAY_TASK_ID only in array jobs.)" : ""));
        }
        if (count < 1)
        {
            throw new ArgumentException($"--shard {value}: the number of shards must be at least 1. {Usage}");
        }
        if (index < 1 || index > count)
        {
            throw new ArgumentException($"--shard {value}: shard {index} does not exist when there are {count} shards (shards are numbered 1 to {count}; a Slurm array for them is --array=1-{count}). {Usage}");
        }
        return new Shard(index, count);
    }

    /// <summary>The shard (1-based) a doc_id belongs to when a batch is split into <paramref name="count"/> shards.</summary>
    public static int Of(string docId, int count)
    {
        ArgumentNullException.ThrowIfNull(docId);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(docId), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count) + 1;
    }

    /// <summary>True when the document with this doc_id belongs to this shard.</summary>
    public bool Contains(string docId) => Count == 1 || Of(docId, Count) == Index;

    /// <summary>The collected inputs of this shard, in their order (doc_ids already assigned over the whole batch).</summary>
    public IReadOnlyList<InputFile> Select(IReadOnlyList<InputFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return files is Extraction.InputList list ? list.Where(f => Contains(f.DocId)) : files.Where(f => Contains(f.DocId)).ToList();
    }

    /// <summary>
    /// Identity of a whole batch: SHA-256 over its doc_ids in order. Every shard of one batch computes the same value,
    /// so <c>merge</c> can tell shards of different input lists apart.
    /// </summary>
    public static string BatchHash(IEnumerable<string> docIds)
    {
        ArgumentNullException.ThrowIfNull(docIds);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var id in docIds)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(id));
            sha.AppendData("\n"u8);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary><c>i/n</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
