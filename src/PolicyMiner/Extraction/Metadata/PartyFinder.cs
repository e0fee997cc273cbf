using System.Text.RegularExpressions;

namespace PolicyMiner.Extraction.Metadata;

/// <summary>
/// Finds the parties of a document — every body that signs or issues it — with role, kind and government.
/// Zones searched (never the whole body, where places and ministries are merely mentioned):
/// the title before 关于 (and before 转发/批转/印发, whose object is another body's document), or the whole title of
/// an agreement; 甲方/乙方/丙方 lines (role = the label); the opening clause of a preamble that ends in 经(友好)协商
/// (A与B…经友好协商，达成…); signing clauses near the start and end (A与B签署…); the signature/落款 block (lines
/// made only of body names, at the end of the document or just above a date line); and, when nothing else is found,
/// the issuer of the document number (国务院令第N号, 国发/国办发, 川府发 → 四川省). Names are read with
/// <see cref="OrganParser"/> (central organs, departments, congresses, courts, party organs, SAR governments);
/// governments, including 川渝两地 and 长三角三省一市, also with <see cref="SignatoryFinder"/>. A body written
/// without its government (省财政厅, 市政府) belongs to the document's own government of that level (the one
/// other parties or the document number name). Role: the party label on 甲方 lines; otherwise signatory for
/// agreements (an agreement form, 甲方 lines or a negotiated preamble) and issuer for every other document.
/// </summary>
public sealed partial class PartyFinder
{
    private static readonly HashSet<string> AgreementForms = new(StringComparer.Ordinal)
    {
        "战略合作框架协议", "合作框架协议", "战略合作协议", "框架协议", "合作协议", "合作备忘录", "谅解备忘录", "备忘录", "会议纪要", "纪要", "协议书", "协议", "合同",
    };

    private readonly Gazetteer gazetteer;
    private readonly OrganParser parser;
    private readonly SignatoryFinder signatories;

    /// <summary>Creates a finder over the given gazetteers.</summary>
    public PartyFinder(Gazetteer gazetteer, CentralOrgans central)
    {
        this.gazetteer = gazetteer;
        parser = new OrganParser(gazetteer, central);
        signatories = new SignatoryFinder(gazetteer);
    }

    /// <summary>A finder over <see cref="Gazetteer.Default"/> and <see cref="CentralOrgans.Default"/>.</summary>
    public static PartyFinder Default { get; } = new(Gazetteer.Default, CentralOrgans.Default);

    /// <summary>The parties (in order of first mention) and the signatory governments (see <see cref="DocumentMetadata.Signatories"/>).</summary>
    public (IReadOnlyList<Party> Parties, IReadOnlyList<Signatory> Signatories) Find(
        string? title, IReadOnlyList<string> paragraphs, string? documentNumber = null, string? form = null)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var zones = Zones(title, paragraphs).ToList();
        var agreement = (form is not null && AgreementForms.Contains(form)) || zones.Any(z => z.Role is "preamble" || z.Role?.EndsWith('方') == true);
        var found = new List<(OrganMention Mention, string Role)>();
        foreach (var (zone, role) in zones)
        {
            var (mentions, covered) = parser.Parse(zone);
            if (role == "signature" && !covered)
            {
                continue; // a line of running text near the end, not a signature
            }
            var governments = mentions.Where(m => m.Government is not null).Select(m => m.Government!.Code).ToHashSet(StringComparer.Ordinal);
            var r = role is null or "party" or "preamble" or "signature" ? null : role;
            foreach (var m in mentions)
            {
                found.Add((m, r ?? ""));
            }
            // Governments the organ parser leaves to the signatory rules: repeated county names resolved by their
            // city, abbreviation runs (川渝两地), 长三角三省一市.
            foreach (var d in signatories.FindInZone(zone))
            {
                if (governments.Add(d.Code) && !mentions.Any(m => m.Government is not null && gazetteer.Encloses(d, m.Government)))
                {
                    found.Add((new OrganMention(0, 0, d.Name, "government", d, false), r ?? ""));
                }
            }
        }
        if (found.Count == 0 && documentNumber is not null)
        {
            found.AddRange(NumberIssuers(documentNumber).Select(m => (m, "")));
        }
        var parties = Resolve(found, documentNumber, agreement ? "signatory" : "issuer");
        var localGovernments = new List<Signatory>();
        foreach (var p in parties)
        {
            if (p.GovernmentCode is { } code && code != Party.CentralCode && gazetteer.ByCode(code) is { } d && !localGovernments.Any(s => s.Code == code))
            {
                localGovernments.Add(d.ToSignatory());
            }
        }
        return (parties, localGovernments);
    }

    private List<Party> Resolve(List<(OrganMention Mention, string Role)> found, string? documentNumber, string defaultRole)
    {
        // The document's own governments per level, for bodies written without theirs (省财政厅).
        var named = found.Where(f => f.Mention.Government is not null && f.Mention.BarePrefix is null).Select(f => f.Mention.Government!).ToList();
        Division? Home(char prefix)
        {
            var level = prefix switch { '省' => "province", '市' => "city", _ => "county" };
            var candidates = named.Where(d => d.Level == level || (prefix == '市' && d.Level == "province" && d.Name.EndsWith('市'))).Distinct().ToList();
            if (candidates.Count == 1)
            {
                return candidates[0];
            }
            if (candidates.Count == 0 && prefix == '省' && documentNumber is { Length: >= 2 } && IssuerAbbreviation().IsMatch(documentNumber))
            {
                return gazetteer.ByAbbreviation(documentNumber[0]);
            }
            return null;
        }
        var parties = new List<Party>();
        foreach (var (m, role) in found)
        {
            var government = m.Government;
            var name = m.Name;
            if (m.BarePrefix is { } prefix)
            {
                government = Home(prefix);
                if (government is null && m.Kind == "government")
                {
                    continue; // 市政府 of an unknown city says nothing
                }
                if (government is not null)
                {
                    name = m.Kind == "government" ? government.Name : government.Name + name[1..];
                }
            }
            var party = m.Central
                ? new Party(name, role.Length > 0 ? role : defaultRole, m.Kind, Party.CentralCode, "中央", "national", null)
                : new Party(name, role.Length > 0 ? role : defaultRole, m.Kind, government?.Code, government?.Name, government?.Level, government?.Province);
            var same = parties.FindIndex(p => p.Key == party.Key);
            if (same < 0)
            {
                parties.Add(party);
            }
            else if (parties[same].Role is "signatory" or "issuer" && party.Role is not ("signatory" or "issuer"))
            {
                parties[same] = parties[same] with { Role = party.Role }; // 甲方 is more specific than signatory
            }
        }
        return parties;
    }

    private List<OrganMention> NumberIssuers(string number)
    {
        var decree = number.IndexOf("令第", StringComparison.Ordinal);
        if (decree < 0)
        {
            decree = number.IndexOf('令', StringComparison.Ordinal) is var at && at > 0 && char.IsAsciiDigit(number[Math.Min(at + 1, number.Length - 1)]) ? at : -1;
        }
        if (decree > 0)
        {
            // 国务院令, 交通部令, 国务院、中央军事委员会令 (a joint decree: both issue it).
            var (mentions, covered) = parser.Parse(number[..decree]);
            if (covered)
            {
                return mentions;
            }
        }
        return NumberIssuer(number) is { } one ? [one] : [];
    }

    private OrganMention? NumberIssuer(string number)
    {
        var state = StateCouncilNumber().Match(number);
        if (state.Success)
        {
            var office = state.Groups["office"].Success;
            return new OrganMention(0, 0, office ? "国务院办公厅" : "国务院", office ? "department" : "government", null, true);
        }
        if (number.Length >= 2 && IssuerAbbreviation().IsMatch(number) && gazetteer.ByAbbreviation(number[0]) is { } province)
        {
            return new OrganMention(0, 0, province.Name, "government", province, false);
        }
        return null;
    }

    private IEnumerable<(string Zone, string? Role)> Zones(string? title, IReadOnlyList<string> paragraphs)
    {
        if (!string.IsNullOrWhiteSpace(title))
        {
            var about = title.IndexOf("关于", StringComparison.Ordinal);
            // "为深入贯彻落实党中央、国务院关于…" is a sentence taken for a title, not an issuer before 关于.
            if (about > 0 && !Purpose().IsMatch(title))
            {
                var head = title[..about];
                // 国务院办公厅转发国家发展改革委等部门关于…: the issuer is the one who forwards.
                var forward = Forwarding().Match(head);
                yield return (forward.Success ? head[..forward.Index] : head, null);
            }
            else if (FormFinder.FormOfTitle(title) is { } form && AgreementForms.Contains(form))
            {
                yield return (title, "party");
            }
        }
        var end = paragraphs.Count;
        for (var p = 0; p < paragraphs.Count; p++)
        {
            var line = paragraphs[p].Trim();
            var party = PartyLine().Match(line);
            if (party.Success)
            {
                yield return (party.Groups["name"].Value, party.Groups["label"].Value + "方");
                continue;
            }
            // The promulgation line of a law or regulation: "1986年12月25日 公安部公布", "…国务院令第656号发布".
            if (p < 12 && HeaderPromulgation().Match(line) is { Success: true } promulgation)
            {
                yield return (promulgation.Groups["issuer"].Value, null);
            }
            if (p < 15 && Preamble().Match(line) is { Success: true } pre && !Purpose().IsMatch(pre.Groups[1].Value))
            {
                yield return (pre.Groups[1].Value, "preamble");
            }
            var nearEdge = p < 40 || p >= end - 40;
            if (nearEdge && SigningClause().Match(line) is { Success: true } signing)
            {
                yield return (signing.Groups[1].Value, "party");
            }
            // The signature block: lines of body names at the end, or just above a date line (落款 of a notice
            // that is followed by its attachment).
            var dateBelow = p + 1 < paragraphs.Count && DateLine().IsMatch(paragraphs[p + 1].Trim());
            // A 落款 run into the paragraph before it (text extracted from a page whose line breaks were lost):
            // "…汇总表工业和信息化部办公厅国家发展改革委办公厅2022年9月23日" — the longest tail made of body names.
            if (line.Length > 20 && DateLine().Match(line) is { Success: true } dated && SignatureTail(line[..dated.Index]) is { } tail)
            {
                yield return (tail, "signature");
            }
            if ((p >= end - 3 || dateBelow || BlockAboveDate(paragraphs, p)) && line.Length is > 1 and <= 80)
            {
                // Letter-spaced names in a justified 落款 (科 技 部, 中 央 网 信 办) are one name.
                var signature = DateLine().Replace(line, "");
                yield return (LetterSpaced().IsMatch(signature) ? signature.Replace(" ", "", StringComparison.Ordinal) : signature, "signature");
            }
        }
    }

    // A line inside a block of signature lines directly above a date line (several issuers, one per line): every
    // line between it and the date is made of body names too.
    private bool BlockAboveDate(IReadOnlyList<string> paragraphs, int p)
    {
        for (var q = p + 1; q < paragraphs.Count && q <= p + 15; q++)
        {
            var next = paragraphs[q].Trim();
            if (DateLine().IsMatch(next))
            {
                return true;
            }
            if (next.Length == 0)
            {
                continue;
            }
            if (next.Length > 40 || next.Contains('，', StringComparison.Ordinal) || next.Contains('。', StringComparison.Ordinal) || !IsSignatureLine(next))
            {
                return false;
            }
        }
        return false;
    }

    private string? SignatureTail(string text)
    {
        var compact = Spaces().Replace(text, "");
        var from = Math.Max(0, compact.Length - 200);
        for (var start = from; start < compact.Length - 1; start++)
        {
            if (start > 0 && !IsBoundaryBefore(compact, start))
            {
                continue;
            }
            var tail = compact[start..];
            if (parser.Parse(tail).Covered)
            {
                return tail;
            }
        }
        return null;
    }

    // A body name starts the tail after punctuation or another character that cannot end a name we know.
    private static bool IsBoundaryBefore(string text, int at) => !char.IsAsciiDigit(text[at - 1]);

    /// <summary>Only the signature lines count that consist of body names (see <see cref="OrganParser.Parse"/>).</summary>
    internal bool IsSignatureLine(string line)
    {
        var text = DateLine().Replace(line.Trim(), "");
        return parser.Parse(LetterSpaced().IsMatch(text) ? text.Replace(" ", "", StringComparison.Ordinal) : text).Covered;
    }

    [GeneratedRegex(@"^(?<label>[甲乙丙丁戊己])\s*方\s*(?:[（(][^）)]*[）)])?\s*[：:]\s*(?<name>.{2,60})$")]
    private static partial Regex PartyLine();

    // The opening clause of a negotiated preamble: "A与B（以下简称双方）…，经友好协商，达成…".
    [GeneratedRegex(@"^([^，。；,]{4,80})[^。；]{0,120}?经(?:过)?(?:友好|充分|平等|共同|双方|各方|多次)*(?:协商|磋商|商定|商议)")]
    private static partial Regex Preamble();

    [GeneratedRegex(@"^(?:为|根据|按照|依据|依照|为了|围绕|贯彻|落实|在)")]
    private static partial Regex Purpose();

    [GeneratedRegex(@"(?:^|[。；！？，,])([^。；！？，,]{2,80}?)(?:共同|正式|在[^，。]{1,12})?(?:签署|签订|签约|缔结|签字)")]
    private static partial Regex SigningClause();

    [GeneratedRegex(@"^\p{IsCJKUnifiedIdeographs}(?: +\p{IsCJKUnifiedIdeographs})+(?:  +\p{IsCJKUnifiedIdeographs}(?: +\p{IsCJKUnifiedIdeographs})+)*$")]
    private static partial Regex LetterSpaced();

    [GeneratedRegex(@"^\s*[（(]?\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?<issuer>[^\s，。；《》]{2,40}?)\s*(?:令\s*第\s*\d{1,5}\s*号|第\s*\d{1,5}\s*号令)?\s*(?:公布|发布)")]
    private static partial Regex HeaderPromulgation();

    [GeneratedRegex(@"[\s\u3000]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"转发|批转|印发")]
    private static partial Regex Forwarding();

    // A date standing alone (二〇二〇年三月五日, 2020年3月5日, 2020.3.5), possibly with 印发/签署 around it.
    [GeneratedRegex(@"\s*(?:(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日|(?:19|20)\d\d[.\-/]\d{1,2}[.\-/]\d{1,2})\s*(?:印发|签署|发布)?\s*$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^国(?<office>办)?(?:发|函|发明电|函明电)")]
    private static partial Regex StateCouncilNumber();

    [GeneratedRegex(@"^[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵黔云滇藏陕甘青宁新](?:政|府|办|发|委)")]
    private static partial Regex IssuerAbbreviation();
}
