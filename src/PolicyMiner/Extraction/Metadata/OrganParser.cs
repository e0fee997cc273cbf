using System.Text.RegularExpressions;

namespace PolicyMiner.Extraction.Metadata;

/// <summary>One body named in a zone of text.</summary>
/// <param name="Start">Start in the zone.</param>
/// <param name="End">End in the zone (exclusive).</param>
/// <param name="Name">Canonical name (see <see cref="Party.Name"/>); for a body written without its government
/// (省财政厅) the name as written, with <paramref name="BarePrefix"/> set.</param>
/// <param name="Kind">Party kind.</param>
/// <param name="Government">The government it belongs to (null for central organs and bare names).</param>
/// <param name="Central">True for central organs (government 中央, 100000).</param>
/// <param name="BarePrefix">省, 市, 县 or 区 when the body was written without its government's name (省发展改革委), else null.</param>
internal sealed record OrganMention(int Start, int End, string Name, string Kind, Division? Government, bool Central, char? BarePrefix = null);

/// <summary>
/// Reads the bodies named in a short zone of text (a title before 关于, a party line, a signature line): central
/// organs from <see cref="CentralOrgans"/> (国家发展改革委, 财政部, 中共中央 …), SAR governments, and under any
/// government of the <see cref="Gazetteer"/> the patterns <c>&lt;government&gt;[人民]政府</c> (government),
/// <c>…人民政府办公厅</c> and <c>&lt;government&gt;&lt;body&gt;&lt;厅|局|委员会|委|办公室|办&gt;</c> (department),
/// <c>…人大常委会 / 人民代表大会常务委员会</c> (congress), <c>…人民法院</c> (court), <c>…人民检察院</c> (procuratorate),
/// <c>[中共]…省委 / 市委[办公厅|宣传部…]</c> (party organ); and the same with a bare 省/市/县/区 in place of the
/// government (省财政厅), whose government the caller resolves. Bodies are read left to right, longest first.
/// </summary>
internal sealed partial class OrganParser
{
    private const string Separators = " \t　、，,;；与和同及暨/";

    private static readonly (string Name, string Code)[] SarGovernments =
    [
        ("香港特别行政区政府", "810000"), ("香港特区政府", "810000"), ("香港特别行政区", "810000"),
        ("澳门特别行政区政府", "820000"), ("澳门特区政府", "820000"), ("澳门特别行政区", "820000"),
    ];

    private readonly Gazetteer gazetteer;
    private readonly CentralOrgans central;

    public OrganParser(Gazetteer gazetteer, CentralOrgans central)
    {
        this.gazetteer = gazetteer;
        this.central = central;
    }

    /// <summary>The bodies named in <paramref name="zone"/>, and whether they (with separators, 盖章 and a date) cover it entirely.</summary>
    public (List<OrganMention> Mentions, bool Covered) Parse(string zone)
    {
        var mentions = new List<OrganMention>();
        var covered = true;
        var i = 0;
        while (i < zone.Length)
        {
            if (Separators.Contains(zone[i], StringComparison.Ordinal))
            {
                i++;
                continue;
            }
            var m = MatchAt(zone, i);
            if (m is null)
            {
                covered = false;
                i++;
                continue;
            }
            mentions.Add(m);
            i = m.End;
            if (Stamp().Match(zone, i) is { Success: true, Index: var at, Length: var len } && at == i)
            {
                i += len;
            }
        }
        return (mentions, covered && mentions.Count > 0);
    }

    private OrganMention? MatchAt(string zone, int i)
    {
        var boundaryBefore = i == 0 || Separators.Contains(zone[i - 1], StringComparison.Ordinal) || !Text.TextNormalizer.IsHan(zone[i - 1]);
        foreach (var (name, code) in SarGovernments)
        {
            if (string.CompareOrdinal(zone, i, name, 0, name.Length) == 0)
            {
                var sar = new Division(name.StartsWith('香') ? "香港特别行政区" : "澳门特别行政区", code, "province", null,
                    name.StartsWith('香') ? "香港特别行政区" : "澳门特别行政区");
                return new OrganMention(i, i + name.Length, sar.Name, "sar_government", sar, false);
            }
        }
        // 中共 / 中国共产党 before a local government: its Party committee (中共四川省委).
        var party = zone.AsSpan(i).StartsWith("中国共产党") ? 5 : zone.AsSpan(i).StartsWith("中共") ? 2 : 0;
        if (party > 0 && Government(zone, i + party) is { } pg)
        {
            var tail = PartyCommittee().Match(zone, pg.End);
            if (tail.Success && tail.Index == pg.End)
            {
                return new OrganMention(i, pg.End + tail.Length, PartyName(pg.Division, tail), "party_organ", pg.Division, false);
            }
        }
        if (Central(zone, i) is { } c)
        {
            return c;
        }
        if (boundaryBefore && zone[i] is '省' or '市' or '县' or '区')
        {
            var bare = Local(zone, i + 1, null, shortForm: false);
            if (bare is not null)
            {
                return bare with { Start = i, Name = zone[i] + bare.Name, BarePrefix = zone[i] };
            }
        }
        if (Government(zone, i) is { } g)
        {
            // A qualifier (四川省成都市双流区…): the innermost division is the one that acts.
            if (Government(zone, g.End, g.Division) is { } inner && gazetteer.Encloses(g.Division, inner.Division))
            {
                return MatchAt(zone, g.End) is { } innerMatch ? innerMatch with { Start = i } : null;
            }
            var local = Local(zone, g.End, g.Division, g.ShortForm);
            if (local is not null)
            {
                return local with { Start = i, Name = g.Division.Name + local.Name };
            }
        }
        return null;
    }

    private OrganMention? Central(string zone, int i)
    {
        for (var len = Math.Min(central.MaxNameLength, zone.Length - i); len >= 2; len--)
        {
            if (central.Lookup(zone.AsSpan(i, len)) is not { } organ)
            {
                continue;
            }
            var end = i + len;
            // 财政部门 / 公安部门 are "finance departments", not the ministry.
            if (end < zone.Length && zone[end] == '门')
            {
                continue;
            }
            // A department (司) of a ministry: 交通运输部科技司, 自然资源部矿产资源保护监督司.
            var bureau = MinistryDepartment().Match(zone, end);
            if (bureau.Success && bureau.Index == end && organ.Kind == "department")
            {
                return new OrganMention(i, end + bureau.Length, organ.Name + bureau.Value, "department", null, true);
            }
            var office = OfficeSuffix().Match(zone, end);
            if (office.Success && office.Index == end && organ.Kind != "government")
            {
                return new OrganMention(i, end + office.Length, organ.Name + office.Value, "department", null, true);
            }
            if (organ.Name == "国务院" && office.Success && office.Index == end)
            {
                return new OrganMention(i, end + office.Length, "国务院" + office.Value, "department", null, true);
            }
            return new OrganMention(i, end, organ.Name, organ.Kind, null, true);
        }
        return null;
    }

    private (Division Division, int End, bool ShortForm)? Government(string zone, int i, Division? parent = null)
    {
        for (var len = Math.Min(gazetteer.MaxNameLength, zone.Length - i); len >= 2; len--)
        {
            var span = zone.AsSpan(i, len);
            var candidates = gazetteer.Lookup(span);
            if (candidates.Count == 0)
            {
                continue;
            }
            // A county name shared by several divisions is kept only when it is the only one of its name in
            // the same province as a division named just before it (resolved by the caller through SignatoryFinder).
            var pick = candidates.Count == 1 ? candidates[0]
                : parent is null ? null
                : candidates.Where(c => gazetteer.Encloses(parent, c)).ToList() is { Count: 1 } only ? only[0] : null;
            return pick is null ? null : (pick, i + len, gazetteer.IsShortForm(span));
        }
        return null;
    }

    // What follows a government's name: the body it names (see the class summary). The returned name is the part
    // after the government's name, normalised (政府 → 人民政府, 人大常委会 → 人民代表大会常务委员会).
    private static OrganMention? Local(string zone, int at, Division? government, bool shortForm)
    {
        var m = LocalBody().Match(zone, at);
        if (!m.Success || m.Index != at)
        {
            if (government is null || (shortForm && !ShortFormAlone(zone, at)))
            {
                return null;
            }
            return new OrganMention(0, at, "", "government", government, false);
        }
        var end = at + m.Length;
        string kind, name;
        if (m.Groups["office"].Success)
        {
            (kind, name) = ("department", "人民政府" + m.Groups["office"].Value);
        }
        else if (m.Groups["gbody"].Success)
        {
            if (!PlausibleBody(m.Groups["gbody"].Value, m.Groups["gsuf"].Value))
            {
                return government is null ? null : new OrganMention(0, at + m.Groups["gov"].Length, "人民政府", "government", government, false);
            }
            (kind, name) = ("department", "人民政府" + m.Groups["gbody"].Value + m.Groups["gsuf"].Value);
        }
        else if (m.Groups["gov"].Success)
        {
            (kind, name) = ("government", "人民政府");
        }
        else if (m.Groups["congress"].Success)
        {
            (kind, name) = ("congress", m.Groups["congress"].Value is "人大" or "人民代表大会" ? "人民代表大会" : "人民代表大会常务委员会");
        }
        else if (m.Groups["court"].Success)
        {
            (kind, name) = (m.Groups["court"].Value == "人民检察院" ? "procuratorate" : "court", m.Groups["court"].Value);
        }
        else if (m.Groups["pc"].Success)
        {
            (kind, name) = ("party_organ", "委" + m.Groups["pcbody"].Value + m.Groups["pcsuf"].Value);
        }
        else
        {
            var body = m.Groups["body"].Value;
            var suffix = m.Groups["suf"].Value;
            if (!PlausibleBody(body, suffix))
            {
                return government is null || (shortForm && !ShortFormAlone(zone, at)) ? null
                    : new OrganMention(0, at, "", "government", government, false);
            }
            (kind, name) = ("department", body + suffix);
        }
        // A government's own name is the division's name (四川省, not 四川省人民政府), as in Signatories.
        return new OrganMention(0, end, kind == "government" ? "" : name, kind, government, false);
    }

    private static bool ShortFormAlone(string zone, int at) =>
        at >= zone.Length || !Text.TextNormalizer.IsHan(zone[at]) || "与和同及、暨两三四地方签共合战全".Contains(zone[at], StringComparison.Ordinal);

    // A department's body is a name, not running text: no function words or verbs, and the suffix is not the end of
    // a common word (格局, 大厅, 主办).
    private static bool PlausibleBody(string body, string suffix)
    {
        if (body.Length == 0 || "和与同及暨".Contains(body[0], StringComparison.Ordinal) || BodyStop().IsMatch(body))
        {
            return false;
        }
        var last = body[^1];
        return suffix switch
        {
            "局" => !"格布结大当全时骗开新变残棋".Contains(last, StringComparison.Ordinal),
            "厅" => !"餐客大展舞歌".Contains(last, StringComparison.Ordinal),
            "办" => !"主承协举创开兴督代帮包申试合筹查交领".Contains(last, StringComparison.Ordinal),
            _ => true,
        };
    }

    private static string PartyName(Division d, Match tail) =>
        "中共" + d.Name + "委" + (tail.Groups["pcbody"].Success ? tail.Groups["pcbody"].Value + tail.Groups["pcsuf"].Value : "员会");

    [GeneratedRegex(@"\G(?:(?<office>办公厅|办公室)|(?<gov>(?:人民)?政府|府(?=办))(?:(?<office>办公厅|办公室)|(?<gbody>[^\s　、，,;；与及的等]{1,16}?)(?<gsuf>管理委员会|委员会|管理局|办公室|局|厅|委|办)(?![员会]))?|(?<congress>人民代表大会常务委员会|人大常委会|人民代表大会|人大)|(?<court>高级人民法院|中级人民法院|人民法院|人民检察院)|(?<pc>委)(?![员会托])(?:(?<pcbody>[^\s　、，,;；与及的等]{1,8}?)(?<pcsuf>办公厅|办公室|部|委员会))?|(?<body>[^\s　、，,;；与及的等]{1,16}?)(?<suf>管理委员会|委员会|管理局|办公厅|办公室|(?:局|厅|委)(?:办公室|办公厅)?|办)(?![员会]))")]
    private static partial Regex LocalBody();

    [GeneratedRegex(@"\G委(?:(?<pcbody>[^\s　、，,;；与及的等]{1,8}?)(?<pcsuf>办公厅|办公室|部|委员会))?")]
    private static partial Regex PartyCommittee();

    [GeneratedRegex(@"\G[\p{IsCJKUnifiedIdeographs}]{2,8}?司(?![令机法])")]
    private static partial Regex MinistryDepartment();

    [GeneratedRegex(@"\G(?:办公厅|办公室)")]
    private static partial Regex OfficeSuffix();

    [GeneratedRegex(@"\G\s*(?:[（(]\s*(?:盖章|公章|章)\s*[）)])")]
    private static partial Regex Stamp();

    [GeneratedRegex(@"[的了在于为对将把被是共同年月日第号。：:（）()《》“”""0-9]|推进|加强|开展|签署|建设|合作|关于|印发|转发|批转")]
    private static partial Regex BodyStop();
}
