using System.Text.RegularExpressions;

namespace PolicyMiner.Extraction.Metadata;

/// <summary>
/// Finds the governments that sign or issue a document — not every place it mentions. Only "signatory zones" are
/// searched: the part of the title before 关于 (the issuer) or the whole title of an agreement; party lines
/// (甲方：…人民政府); the clause before a signing verb (A市与B市…签署/签订); short signature lines near the end
/// (…人民政府); and, when nothing else is found, the province abbreviation that opens the document number (川府发 →
/// 四川省). Inside a zone, names are matched longest first with the <see cref="Gazetteer"/>; a short form (成都, 四川)
/// must not sit inside a longer word (its neighbours must be a boundary, a government word or a conjunction); a
/// county name that repeats across provinces counts only when its city or province is also named; a province or city
/// directly followed by one of its own subdivisions (四川省成都市) is a qualifier, not a separate party. Runs of
/// provincial abbreviations count when followed by a cooperation word (川渝两地, 沪苏浙皖一体化, 京津冀), and
/// 长三角三省一市 stands for Shanghai, Jiangsu, Zhejiang and Anhui.
/// </summary>
public sealed partial class SignatoryFinder
{
    private readonly Gazetteer gazetteer;

    /// <summary>Creates a finder over <paramref name="gazetteer"/>.</summary>
    public SignatoryFinder(Gazetteer gazetteer) => this.gazetteer = gazetteer;

    /// <summary>A finder over <see cref="Gazetteer.Default"/>.</summary>
    public static SignatoryFinder Default { get; } = new(Gazetteer.Default);

    /// <summary>Signatory governments in order of first mention.</summary>
    public IReadOnlyList<Signatory> Find(string? title, IReadOnlyList<string> paragraphs, string? documentNumber = null)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var found = new List<Division>();
        foreach (var zone in Zones(title, paragraphs))
        {
            foreach (var division in FindInZone(zone))
            {
                if (!found.Contains(division))
                {
                    found.Add(division);
                }
            }
        }
        if (found.Count == 0 && documentNumber is { Length: >= 2 } && IssuerAbbreviation().IsMatch(documentNumber)
            && gazetteer.ByAbbreviation(documentNumber[0]) is { } province)
        {
            found.Add(province);
        }
        return found.Select(d => d.ToSignatory()).ToList();
    }

    /// <summary>Divisions named in one zone of text (see the class summary for the rules).</summary>
    internal IEnumerable<Division> FindInZone(string zone)
    {
        var mentions = new List<(int Start, int End, IReadOnlyList<Division> Candidates)>();
        var i = 0;
        while (i < zone.Length)
        {
            var matched = false;
            for (var len = Math.Min(gazetteer.MaxNameLength, zone.Length - i); len >= 2; len--)
            {
                var span = zone.AsSpan(i, len);
                var candidates = gazetteer.Lookup(span);
                if (candidates.Count == 0)
                {
                    continue;
                }
                if (gazetteer.IsShortForm(span) && !ShortFormBoundary(zone, i, len))
                {
                    continue;
                }
                mentions.Add((i, i + len, candidates));
                i += len;
                matched = true;
                break;
            }
            if (!matched)
            {
                i++;
            }
        }
        // Unambiguous names first, so that a repeated county name can be resolved by its named parent.
        var named = mentions.Where(m => m.Candidates.Count == 1).Select(m => m.Candidates[0]).ToList();
        var resolved = new List<(int Start, int End, Division Division)>();
        foreach (var (start, end, candidates) in mentions)
        {
            var pick = candidates.Count == 1 ? candidates[0]
                : candidates.Where(c => named.Any(n => gazetteer.Encloses(n, c))).ToList() is { Count: 1 } only ? only[0] : null;
            if (pick is not null)
            {
                resolved.Add((start, end, pick));
            }
        }
        for (var k = 0; k < resolved.Count; k++)
        {
            var qualifier = k + 1 < resolved.Count && resolved[k + 1].Start == resolved[k].End
                && gazetteer.Encloses(resolved[k].Division, resolved[k + 1].Division);
            if (!qualifier)
            {
                yield return resolved[k].Division;
            }
        }
        foreach (var division in AbbreviationRuns(zone))
        {
            yield return division;
        }
    }

    private IEnumerable<Division> AbbreviationRuns(string zone)
    {
        if (YangtzeDelta().IsMatch(zone))
        {
            foreach (var code in new[] { "310000", "320000", "330000", "340000" })
            {
                yield return gazetteer.ByCode(code)!;
            }
        }
        foreach (Match m in AbbreviationRun().Matches(zone))
        {
            var run = m.Groups["run"].Value;
            var provinces = run.Select(gazetteer.ByAbbreviation).ToList();
            // Distinct provinces only, and not a province's own name (辽宁 is 辽+宁).
            if (provinces.Any(p => p is null) || provinces.Distinct().Count() != run.Length || gazetteer.Lookup(run).Count > 0)
            {
                continue;
            }
            foreach (var p in provinces)
            {
                yield return p!;
            }
        }
    }

    private static bool ShortFormBoundary(string zone, int start, int length)
    {
        var before = start > 0 ? zone[start - 1] : ' ';
        var after = start + length < zone.Length ? zone[start + length] : ' ';
        return (!Text.TextNormalizer.IsHan(before) || "与和同及、暨甲乙丙丁方由在".Contains(before, StringComparison.Ordinal))
            && (!Text.TextNormalizer.IsHan(after) || "市省区县州盟与和同及、两三四地政府人党委方签共合战全".Contains(after, StringComparison.Ordinal));
    }

    private static IEnumerable<string> Zones(string? title, IReadOnlyList<string> paragraphs)
    {
        if (!string.IsNullOrWhiteSpace(title))
        {
            var about = title.IndexOf("关于", StringComparison.Ordinal);
            if (about > 0)
            {
                yield return title[..about];
            }
            else if (FormFinder.FormOfTitle(title) is "战略合作框架协议" or "合作框架协议" or "战略合作协议" or "框架协议" or "合作协议"
                     or "合作备忘录" or "谅解备忘录" or "备忘录" or "会议纪要" or "纪要" or "协议书" or "协议")
            {
                yield return title;
            }
        }
        for (var p = 0; p < paragraphs.Count; p++)
        {
            var line = paragraphs[p];
            var party = PartyLine().Match(line);
            if (party.Success)
            {
                yield return party.Groups[1].Value;
                continue;
            }
            var nearEdge = p < 40 || p >= paragraphs.Count - 40;
            if (nearEdge)
            {
                var signing = SigningClause().Match(line);
                if (signing.Success)
                {
                    yield return signing.Groups[1].Value;
                }
            }
            if (p >= paragraphs.Count - 15 && line.Length <= 30 && SignatureLine().IsMatch(line))
            {
                yield return line;
            }
        }
    }

    [GeneratedRegex(@"^\s*[甲乙丙丁戊]\s*方\s*(?:[（(][^）)]*[）)])?\s*[：:]\s*(.{2,40})$")]
    private static partial Regex PartyLine();

    // The clause (from the start of the sentence) before a signing verb.
    // The clause stops at a comma too: "…人民政府可依法出让…，土地使用权出让一次签约" is not a signing by that government.
    [GeneratedRegex(@"(?:^|[。；！？，,])([^。；！？，,]{2,80}?)(?:共同|正式|在[^，。]{1,12})?(?:签署|签订|签约|缔结|签字)")]
    private static partial Regex SigningClause();

    [GeneratedRegex(@"(?:人民政府|政府|办公厅|办公室|委员会|管委会|人民代表大会常务委员会)\s*(?:（盖章）|\(盖章\))?\s*$")]
    private static partial Regex SignatureLine();

    [GeneratedRegex(@"^[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵黔云滇藏陕甘青宁新](?:政|府|办|发|委)")]
    private static partial Regex IssuerAbbreviation();

    [GeneratedRegex(@"长三角(?:三省一市|一市三省|地区|区域)")]
    private static partial Regex YangtzeDelta();

    [GeneratedRegex(@"(?<run>[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀贵黔云滇藏陕秦甘陇青宁新]{2,6})(?=两地|三地|四地|两省|三省|四省|两市|地区|合作|协同|一体化|毗邻|共建|联合|携手|区域|交界|政府)|(?<run>京津冀)")]
    private static partial Regex AbbreviationRun();
}
