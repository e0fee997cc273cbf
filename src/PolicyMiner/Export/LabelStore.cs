namespace PolicyMiner.Export;

/// <summary>
/// The rows of a labeled CSV kept on disk instead of in memory (issue 15, memory in corpus size): each row is written to
/// a temporary file as it is parsed (length-prefixed UTF-8 cells, so any encoding the CSV was read in and any quoted
/// line break survive), and the key column is indexed as (64-bit hash, offset): 16 bytes a row instead of a string and
/// a row of strings. A lookup hashes the key, finds the rows with that hash (binary search) and compares the key itself,
/// so a hash collision costs a read, never a wrong row. Single-threaded, like the export stage that uses it.
/// </summary>
internal sealed class LabelStore : IDisposable
{
    private readonly string path;
    private readonly int keyColumn;
    private ulong[] hashes = [];
    private long[] offsets = [];
    private FileStream? reader;

    private LabelStore(string path, int keyColumn)
    {
        this.path = path;
        this.keyColumn = keyColumn;
    }

    /// <summary>Number of rows.</summary>
    public int Count => offsets.Length;

    /// <summary>The smallest key in ordinal order (for messages), or null without rows.</summary>
    public string? MinKey { get; private set; }

    /// <summary>
    /// Builds a store in <paramref name="file"/> from rows as <see cref="LabelTable"/> parses them: <paramref name="read"/>
    /// is called with a sink that takes (row, line, key column); a key seen before throws <paramref name="repeated"/>'s message at that line
    /// (as the in-memory table does, in file order).
    /// </summary>
    public static LabelStore Build(string file, Action<Action<string[], int, int>> read, Func<string, int, Exception> repeated)
    {
        string? minKey = null;
        var index = new Dictionary<ulong, long>();
        var collisions = new List<(ulong Hash, long Offset)>();
        var keyCol = 0;
        using var payload = new MemoryStream();
        using var payloadWriter = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true);
        using (var output = new FileStream(file, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1 << 16))
        using (var writer = new BinaryWriter(output, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            read((row, line, key) =>
            {
                keyCol = key;
                var id = row[key].Trim();
                var hash = Hash(id);
                var offset = output.Position;
                if (index.TryGetValue(hash, out var first))
                {
                    // Same hash: the same key (an error, as before) or, very rarely, another key with that hash.
                    writer.Flush();
                    foreach (var other in collisions.Where(c => c.Hash == hash).Select(c => c.Offset).Prepend(first))
                    {
                        if (string.Equals(ReadKey(output, other, key), id, StringComparison.Ordinal))
                        {
                            throw repeated(id, line);
                        }
                    }
                    output.Seek(offset, SeekOrigin.Begin);
                    collisions.Add((hash, offset));
                }
                else
                {
                    index[hash] = offset;
                }
                if (minKey is null || string.CompareOrdinal(id, minKey) < 0)
                {
                    minKey = id;
                }
                // [byte length][cell count][cells]: a lookup reads a row with two positioned reads, no buffer.
                payload.SetLength(0);
                payloadWriter.Write7BitEncodedInt(row.Length);
                foreach (var cell in row)
                {
                    payloadWriter.Write(cell);
                }
                payloadWriter.Flush();
                writer.Write((int)payload.Length);
                writer.Write(payload.GetBuffer(), 0, (int)payload.Length);
            });
        }
        var entries = index.Select(kv => (Hash: kv.Key, Offset: kv.Value)).Concat(collisions).ToArray();
        index.Clear();
        Array.Sort(entries, (a, b) => a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash) : a.Offset.CompareTo(b.Offset));
        return new LabelStore(file, keyCol) { hashes = entries.Select(e => e.Hash).ToArray(), offsets = entries.Select(e => e.Offset).ToArray(), MinKey = minKey };
    }

    /// <summary>The row whose key is <paramref name="key"/>, or null.</summary>
    public string[]? Find(string key) => Lookup(key).Row;

    /// <summary>The index entry (0 … Count−1) of a key, or null.</summary>
    public int? FindEntry(string key) => Lookup(key) is { Row: not null } hit ? hit.Entry : null;

    private (int Entry, string[]? Row) Lookup(string key)
    {
        var hash = Hash(key);
        var i = Array.BinarySearch(hashes, hash);
        if (i < 0)
        {
            return (-1, null);
        }
        while (i > 0 && hashes[i - 1] == hash)
        {
            i--;
        }
        for (; i < hashes.Length && hashes[i] == hash; i++)
        {
            var row = ReadRow(offsets[i]);
            if (string.Equals(row[keyColumn].Trim(), key, StringComparison.Ordinal))
            {
                return (i, row);
            }
        }
        return (-1, null);
    }

    /// <summary>The key of an index entry.</summary>
    public string KeyOf(int entry) => ReadRow(offsets[entry])[keyColumn].Trim();

    /// <summary>The row of an index entry.</summary>
    public string[] RowOf(int entry) => ReadRow(offsets[entry]);

    /// <summary>Every row, in file order.</summary>
    public IEnumerable<string[]> Rows()
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var rows = new BinaryReader(stream, System.Text.Encoding.UTF8);
        while (stream.Position < stream.Length)
        {
            yield return ReadRow(rows);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        reader?.Dispose();
        reader = null;
    }

    /// <summary>FNV-1a over the UTF-16 code units (Fowler, Noll, Vo; 64-bit parameters): fast, and the key is compared anyway.</summary>
    internal static ulong Hash(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        return h;
    }

    private string[] ReadRow(long offset)
    {
        reader ??= new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess);
        Span<byte> size = stackalloc byte[4];
        RandomAccess.Read(reader.SafeFileHandle, size, offset);
        var bytes = new byte[System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(size)];
        var read = 0;
        while (read < bytes.Length)
        {
            read += RandomAccess.Read(reader.SafeFileHandle, bytes.AsSpan(read), offset + 4 + read);
        }
        using var rows = new BinaryReader(new MemoryStream(bytes), System.Text.Encoding.UTF8);
        return ReadCells(rows);
    }

    // A row read in sequence: its byte length (for lookups), then its cells.
    private static string[] ReadRow(BinaryReader rows)
    {
        _ = rows.ReadInt32();
        return ReadCells(rows);
    }

    private static string[] ReadCells(BinaryReader rows)
    {
        var row = new string[rows.Read7BitEncodedInt()];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = rows.ReadString();
        }
        return row;
    }

    private static string ReadKey(FileStream stream, long offset, int key)
    {
        stream.Seek(offset, SeekOrigin.Begin);
        using var rows = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        return ReadRow(rows)[key].Trim();
    }
}
