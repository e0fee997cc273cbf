namespace PolicyMiner.Networks;

/// <summary>What the network files need of one document with parties: its ties' inputs and its labels.</summary>
/// <param name="DocId">The document.</param>
/// <param name="Year">Its year, if known.</param>
/// <param name="Relation">co-signing or co-issuance.</param>
/// <param name="Members">Its node ids, sorted (ordinal).</param>
/// <param name="Labels">Per task, its labels.</param>
internal sealed record NetworkDocument(string DocId, int? Year, string Relation, IReadOnlyList<string> Members, IReadOnlyDictionary<string, IReadOnlyList<string>> Labels);

/// <summary>
/// The network's documents in doc_id order, kept in memory or — for the export stage, which reads them once per
/// network file (edges by document, by year, by label, the two-mode files) — written once to a file and read back in
/// order (issue 15, memory in corpus size): a few dozen bytes a document on disk instead of the document recomputed
/// (parsed, its labels looked up) for every file.
/// </summary>
internal sealed class NetworkDocuments : IEnumerable<NetworkDocument>, IDisposable
{
    private readonly List<NetworkDocument>? memory;
    private readonly string? file;
    private BinaryWriter? writer;

    /// <summary>In memory (<paramref name="file"/> null) or in a new file.</summary>
    public NetworkDocuments(string? file)
    {
        this.file = file;
        if (file is null)
        {
            memory = [];
        }
        else
        {
            writer = new BinaryWriter(new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), System.Text.Encoding.UTF8);
        }
    }

    /// <summary>Adds the next document.</summary>
    public void Add(NetworkDocument d)
    {
        if (memory is not null)
        {
            memory.Add(d);
            return;
        }
        var w = writer ?? throw new InvalidOperationException("the network's documents are complete.");
        w.Write(d.DocId);
        w.Write(d.Year ?? int.MinValue);
        w.Write(d.Relation);
        w.Write7BitEncodedInt(d.Members.Count);
        foreach (var m in d.Members)
        {
            w.Write(m);
        }
        w.Write7BitEncodedInt(d.Labels.Count);
        foreach (var (task, labels) in d.Labels)
        {
            w.Write(task);
            w.Write7BitEncodedInt(labels.Count);
            foreach (var l in labels)
            {
                w.Write(l);
            }
        }
    }

    /// <summary>Ends adding (closes the file).</summary>
    public void Complete()
    {
        writer?.Dispose();
        writer = null;
    }

    /// <inheritdoc/>
    public void Dispose() => Complete();

    /// <inheritdoc/>
    public IEnumerator<NetworkDocument> GetEnumerator()
    {
        if (memory is not null)
        {
            foreach (var d in memory)
            {
                yield return d;
            }
            yield break;
        }
        using var r = new BinaryReader(new FileStream(file!, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), System.Text.Encoding.UTF8);
        while (r.BaseStream.Position < r.BaseStream.Length)
        {
            var id = r.ReadString();
            var year = r.ReadInt32();
            var relation = r.ReadString();
            var members = new string[r.Read7BitEncodedInt()];
            for (var i = 0; i < members.Length; i++)
            {
                members[i] = r.ReadString();
            }
            var labels = new SortedList<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            for (var t = r.Read7BitEncodedInt(); t > 0; t--)
            {
                var task = r.ReadString();
                var values = new string[r.Read7BitEncodedInt()];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = r.ReadString();
                }
                labels[task] = values;
            }
            yield return new NetworkDocument(id, year == int.MinValue ? null : year, relation, members, labels);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
