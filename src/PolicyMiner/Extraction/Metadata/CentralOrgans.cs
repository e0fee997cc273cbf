namespace PolicyMiner.Extraction.Metadata;

/// <summary>A central organ: its current canonical name, kind and English name.</summary>
/// <param name="Name">Current name, e.g. 国家发展和改革委员会.</param>
/// <param name="Kind">government, department, congress, court, procuratorate, party_organ or other.</param>
/// <param name="English">English name.</param>
public sealed record CentralOrgan(string Name, string Kind, string English);

/// <summary>
/// Gazetteer of central organs (State Council and its departments and bureaus, NPC, CPPCC, SPC, SPP, central Party
/// organs) with former names and short forms mapped to the current name (国家计委 → 国家发展和改革委员会). Data:
/// <c>Data/central-organs.tsv</c>, compiled from the State Council's published organisation list (see Data/SOURCE.md).
/// </summary>
public sealed class CentralOrgans
{
    private static readonly Lazy<CentralOrgans> LazyDefault = new(Load);

    private readonly Dictionary<string, CentralOrgan> byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CentralOrgan> byEnglish = new(StringComparer.OrdinalIgnoreCase);

    private CentralOrgans(IEnumerable<(CentralOrgan Organ, IReadOnlyList<string> Aliases)> rows)
    {
        var organs = new List<CentralOrgan>();
        foreach (var (organ, aliases) in rows)
        {
            organs.Add(organ);
            byName[organ.Name] = organ;
            byEnglish[organ.English] = organ;
        }
        // Aliases after all canonical names: a canonical name always wins.
        foreach (var (organ, aliases) in rows)
        {
            foreach (var alias in aliases)
            {
                byName.TryAdd(alias, organ);
                if (!alias.StartsWith("中华人民共和国", StringComparison.Ordinal))
                {
                    byName.TryAdd("中华人民共和国" + alias, organ);
                }
            }
            byName.TryAdd("中华人民共和国" + organ.Name, organ);
        }
        Organs = organs;
        MaxNameLength = byName.Keys.Max(k => k.Length);
    }

    /// <summary>The table embedded in PolicyMiner.dll.</summary>
    public static CentralOrgans Default => LazyDefault.Value;

    /// <summary>Every organ, in table order.</summary>
    public IReadOnlyList<CentralOrgan> Organs { get; }

    /// <summary>Length of the longest name or alias.</summary>
    public int MaxNameLength { get; }

    /// <summary>The organ called <paramref name="name"/> (current name, former name or short form, with or without 中华人民共和国), or null.</summary>
    public CentralOrgan? Lookup(ReadOnlySpan<char> name) =>
        byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var organ) ? organ : null;

    /// <summary>The organ with this English name (case-insensitive, "the" and "of the People's Republic of China" ignored), or null.</summary>
    public CentralOrgan? ByEnglish(string english)
    {
        ArgumentNullException.ThrowIfNull(english);
        var e = english.Trim();
        foreach (var suffix in new[] { " of the People's Republic of China", " of the PRC", " (Changed)" })
        {
            if (e.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                e = e[..^suffix.Length].Trim();
            }
        }
        if (e.StartsWith("the ", StringComparison.OrdinalIgnoreCase))
        {
            e = e[4..];
        }
        return byEnglish.GetValueOrDefault(e);
    }

    private static CentralOrgans Load()
    {
        using var stream = typeof(CentralOrgans).Assembly.GetManifestResourceStream("PolicyMiner.Extraction.Metadata.central-organs.tsv")
            ?? throw new InvalidOperationException("The embedded table central-organs.tsv is missing from PolicyMiner.dll; rebuild the project.");
        using var reader = new StreamReader(stream);
        var rows = new List<(CentralOrgan, IReadOnlyList<string>)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var cells = line.Split('\t');
            var aliases = cells.Length > 3 ? cells[3].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            rows.Add((new CentralOrgan(cells[0], cells[1], cells[2]), aliases));
        }
        return new CentralOrgans(rows);
    }
}
