namespace PolicyMiner.Export;

/// <summary>
/// Sorts (key, position) pairs by key (ordinal), then position, holding at most <see cref="RunSize"/> pairs: the input
/// is cut into sorted runs written to temporary files, which are then merged (the external merge sort of Knuth, TAOCP
/// vol. 3, §5.4). Inputs that fit one run never touch the disk.
/// </summary>
internal static class SpillSort
{
    /// <summary>Pairs sorted in memory at once (a few MB of short keys).</summary>
    public const int RunSize = 32_768;

    /// <summary>The positions in key order.</summary>
    public static IEnumerable<int> Sort(IEnumerable<(string Key, int Position)> items, string folder, string name, int runSize = RunSize) =>
        SortWithKeys(items, folder, name, runSize).Select(x => x.Position);

    /// <summary>The pairs in key order, then position order.</summary>
    public static IEnumerable<(string Key, int Position)> SortWithKeys(IEnumerable<(string Key, int Position)> items, string folder, string name, int runSize = RunSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runSize, 1);
        var runs = new List<string>();
        var buffer = new List<(string Key, int Position)>(Math.Min(runSize, 1024));
        try
        {
            foreach (var item in items)
            {
                buffer.Add(item);
                if (buffer.Count >= runSize)
                {
                    runs.Add(WriteRun(buffer, folder, $"{name}.run{runs.Count}"));
                    buffer.Clear();
                }
            }
            buffer.Sort(Compare);
            if (runs.Count == 0)
            {
                foreach (var item in buffer)
                {
                    yield return item;
                }
                yield break;
            }
            if (buffer.Count > 0)
            {
                runs.Add(WriteRun(buffer, folder, $"{name}.run{runs.Count}"));
                buffer.Clear();
            }
            buffer.TrimExcess();
            foreach (var item in Merge(runs))
            {
                yield return item;
            }
        }
        finally
        {
            foreach (var run in runs)
            {
                File.Delete(run);
            }
        }
    }

    private static int Compare((string Key, int Position) a, (string Key, int Position) b)
    {
        var c = string.CompareOrdinal(a.Key, b.Key);
        return c != 0 ? c : a.Position.CompareTo(b.Position);
    }

    private static string WriteRun(List<(string Key, int Position)> buffer, string folder, string name)
    {
        buffer.Sort(Compare);
        var path = Path.Combine(folder, name);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8);
        foreach (var (key, position) in buffer)
        {
            writer.Write(key);
            writer.Write(position);
        }
        return path;
    }

    private static IEnumerable<(string Key, int Position)> Merge(List<string> runs)
    {
        var readers = runs.Select(r => new BinaryReader(new FileStream(r, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), System.Text.Encoding.UTF8)).ToList();
        try
        {
            var heap = new PriorityQueue<int, (string Key, int Position)>(Comparer<(string Key, int Position)>.Create(Compare));
            bool Next(int r, out (string, int) item)
            {
                var reader = readers[r];
                if (reader.BaseStream.Position >= reader.BaseStream.Length)
                {
                    item = default;
                    return false;
                }
                item = (reader.ReadString(), reader.ReadInt32());
                return true;
            }
            for (var r = 0; r < readers.Count; r++)
            {
                if (Next(r, out var first))
                {
                    heap.Enqueue(r, first);
                }
            }
            while (heap.TryDequeue(out var r, out var item))
            {
                yield return item;
                if (Next(r, out var next))
                {
                    heap.Enqueue(r, next);
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }
    }
}
