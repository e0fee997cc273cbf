using System.Text.RegularExpressions;

namespace PolicyMiner.Extraction.Metadata;

/// <summary>
/// Finds document numbers (文号). Three shapes, as in GB/T 9704-2012 and the 43,316 numbers of the Policy
/// Transparency China data: <c>川府发〔2020〕12号</c> (year in 〔〕, also [] ［］ () （） 【】, spaces tolerated),
/// <c>山西省人民政府令第198号</c> (decrees) and <c>国家税务总局公告2015年第41号</c> (announcements).
/// Output is normalised: no spaces, the year bracket written 〔〕 as the standard prescribes.
/// </summary>
public static partial class DocumentNumberFinder
{
    private static readonly System.Buffers.SearchValues<char> FunctionWords = System.Buffers.SearchValues.Create("的了与及或在对将把被是即");

    private static readonly string[] PrecedingForms = ["通知", "批复", "意见", "决定", "规定", "按"];

    // Words that may precede a 文号 in running text but are not part of its issuer prefix.
    private static readonly string[] LeadingWords = ["根据", "按照", "依据", "依照", "参照", "执行", "印发", "转发", "贯彻", "落实", "文号", "字号", "发文"];

    /// <summary>All document numbers in <paramref name="text"/>, in order, normalised, with where they stand in it.</summary>
    public static IEnumerable<(string Number, int Index, int Length)> FindAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (Match m in Pattern().Matches(text))
        {
            var normalized = Normalize(m);
            if (normalized is not null)
            {
                yield return (normalized, m.Index, m.Length);
            }
        }
    }

    /// <summary>
    /// The document's own number: one standing (nearly) alone on a line in the first 5 paragraphs (the 发文字号 under
    /// the masthead); else a labelled one (发文字号：…); else a promulgation line (2014年11月24日 中华人民共和国国务院令第656号公布,
    /// the first of them: later ones are revisions); else one standing alone in the first 20 paragraphs. A decree
    /// whose number sits on the next line (中华人民共和国商务部令 / 2018年第2号) is read as one. Numbers cited inside
    /// sentences (other documents) are not taken.
    /// </summary>
    public static string? Find(IReadOnlyList<string> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        string? labelled = null, standalone = null, top = null, promulgation = null;
        for (var p = 0; p < paragraphs.Count && p < 20; p++)
        {
            var line = paragraphs[p];
            if (DecreeHead().IsMatch(line) && p + 1 < paragraphs.Count && DecreeSerial().Match(paragraphs[p + 1]) is { Success: true } serial)
            {
                var head = Spaces().Replace(line, "");
                top ??= p < 5 ? head + serial.Groups["y"].Value + "年第" + serial.Groups["n"].Value + "号" : null;
                continue;
            }
            var promulgated = Promulgation().Match(line);
            if (promulgated.Success && promulgation is null)
            {
                // As written, spaces dropped: joint decrees keep both issuers (国务院、中华人民共和国中央军事委员会令第N号).
                promulgation = Spaces().Replace(promulgated.Groups["number"].Value, "");
            }
            foreach (var (number, index, _) in FindAll(line))
            {
                var before = line[..index];
                if (labelled is null && LabelBefore().IsMatch(before))
                {
                    labelled = number;
                }
                var rest = line.Length - number.Length;
                if (standalone is null && rest <= 8 && !line.Contains('《', StringComparison.Ordinal))
                {
                    standalone = number;
                    top ??= p < 5 ? number : null;
                }
            }
        }
        return top ?? labelled ?? promulgation ?? standalone;
    }

    private static string? Normalize(Match m)
    {
        var prefix = Spaces().Replace(m.Groups["prefix"].Value, "");
        foreach (var word in LeadingWords)
        {
            var at = prefix.LastIndexOf(word, StringComparison.Ordinal);
            if (at >= 0)
            {
                prefix = prefix[(at + word.Length)..];
            }
        }
        // Function words end a phrase of running text; the issuer prefix starts after the last one.
        var cut = prefix.AsSpan().LastIndexOfAny(FunctionWords);
        if (cut >= 0)
        {
            prefix = prefix[(cut + 1)..];
        }
        // A document form or a verb just before the number ends the preceding title/sentence (…的通知粤府〔2020〕71号).
        foreach (var word in PrecedingForms)
        {
            var at = prefix.LastIndexOf(word, StringComparison.Ordinal);
            if (at >= 0 && at + word.Length < prefix.Length && m.Groups["year"].Success)
            {
                prefix = prefix[(at + word.Length)..];
            }
        }
        // "2014年11月24日 中华人民共和国国务院令…": the 日 (or 年/月) of a date before the issuer is not part of it.
        if (prefix.Length > 0 && prefix[0] is '日' or '年' or '月' && m.Index > 0 && (char.IsAsciiDigit(m.Value[0]) || char.IsAsciiDigit(PrecedingChar(m))))
        {
            prefix = prefix[1..];
        }
        if (prefix.Length == 0)
        {
            return null;
        }
        if (m.Groups["year"].Success)
        {
            return $"{prefix}〔{m.Groups["year"].Value}〕{m.Groups["num"].Value}号";
        }
        if (m.Groups["decree"].Success)
        {
            return $"{prefix}令第{m.Groups["dnum"].Value}号";
        }
        return $"{prefix}{m.Groups["ayear"].Value}年第{m.Groups["anum"].Value}号";
    }

    private static char PrecedingChar(Match m) => m.Index > 0 ? m.Result("$`")[^1] : ' ';

    // A line that dates and promulgates: "[（]2014年11月24日 中华人民共和国国务院令第656号公布/发布".
    [GeneratedRegex(@"^\s*[（(]?\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?<number>[\p{IsCJKUnifiedIdeographs}、 ]{2,30}令\s*第\s*\d{1,5}\s*号)\s*(?:公布|发布)")]
    private static partial Regex Promulgation();

    [GeneratedRegex(@"^\s*[\p{IsCJKUnifiedIdeographs}]{2,20}令\s*$")]
    private static partial Regex DecreeHead();

    [GeneratedRegex(@"^\s*[（(]?\s*(?<y>(?:19|20)\d\d)\s*年\s*第\s*(?<n>\d{1,5})\s*号\s*[）)]?\s*$")]
    private static partial Regex DecreeSerial();

    [GeneratedRegex(@"(?:发文字号|文\s*号|字\s*号|编\s*号)\s*[：:]\s*$")]
    private static partial Regex LabelBefore();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    // prefix: issuer abbreviation + type (川府发, 国办函, 沪科); the year in brackets; the serial number + 号.
    [GeneratedRegex(
        @"(?<prefix>[\p{IsCJKUnifiedIdeographs}](?:[\p{IsCJKUnifiedIdeographs} ]{0,15}))\s*" +
        @"(?:[〔\[［(（【]\s*(?<year>(?:19|20)\d\d)\s*[〕\]］)）】]\s*第?\s*(?<num>\d{1,5})\s*号" +
        @"|(?<decree>令)\s*第\s*(?<dnum>\d{1,5})\s*号" +
        @"|(?<ayear>(?:19|20)\d\d)\s*年\s*第\s*(?<anum>\d{1,5})\s*号)")]
    private static partial Regex Pattern();
}
