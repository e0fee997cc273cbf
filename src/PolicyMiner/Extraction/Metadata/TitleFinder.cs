using System.Text.RegularExpressions;

namespace PolicyMiner.Extraction.Metadata;

/// <summary>
/// Finds a title: the first heading-like line among the first paragraphs — short (4–100 characters), not a
/// sentence (no 。；, not ending in ：), not a document number, date, page furniture (字号：大 中 小) or an
/// addressee line (…：). A line ending in a document form (通知, 意见, 协议, …) is preferred within the first 8 lines, also
/// when the title is broken over up to three lines (they are joined).
/// A title the format declares (HTML, DOCX) is used when the text offers none, with a site-name suffix removed.
/// The title stands before the body: after the first addressee line (各有关单位：) or body sentence only a line ending in
/// a document form is taken (the title of a decree printed after its promulgation order), so a text without a title
/// line (common in scraped corpora: the body starts with its addressees) gets no title rather than a section heading
/// or the signature block; numbered section headings (一、总体要求, 第一章 总则, （一）…, 2.1 …),
/// lines that break off mid-sentence (…，) and lines opening with a full date (adoption notes) are never titles.
/// Measured (`metadata-dump digital|sample50|regulations`): the 195 digital-policies texts, whose bodies mostly lack a
/// title, had 137 titles, 93 of them section headings; now 27, none; the Policy Transparency sample 39 → 30 (the 9
/// dropped were all wrong: signatures, photo credits, headings); the 500 regulations unchanged.
/// </summary>
public static partial class TitleFinder
{
    /// <summary>The title of a document whose paragraphs are <paramref name="paragraphs"/>.</summary>
    public static string? Find(IReadOnlyList<string> paragraphs, string? declaredTitle = null)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        string? firstHeadingLike = null;
        var bodyStarted = false;
        for (var i = 0; i < paragraphs.Count && i < 12; i++)
        {
            var line = paragraphs[i].Trim();
            if (StartsBody(line))
            {
                bodyStarted = true;
                continue;
            }
            if (!IsHeadingLike(line))
            {
                continue;
            }
            // Official titles are often broken over two or three lines (…关于印发 / …方案的通知).
            var joined = line;
            for (var k = 0; i < 8 && k < 3 && i + k < paragraphs.Count; k++)
            {
                if (k > 0)
                {
                    var next = paragraphs[i + k].Trim();
                    if (!IsHeadingLike(next) || joined.Length + next.Length > 100)
                    {
                        break;
                    }
                    joined += next;
                }
                if (FormFinder.FormOfTitle(joined) is not null)
                {
                    return joined;
                }
            }
            // without a document form: not after the body began, and not a line holding a clause (，): a sentence
            // broken over lines (近年来，各产煤省区、煤炭企业认真贯彻落实…) unless the comma sits in a quoted name (…对“…，…”的答复)
            if (!bodyStarted && !ClauseOutsideQuotes(line))
            {
                firstHeadingLike ??= line;
            }
        }
        return firstHeadingLike ?? CleanDeclared(declaredTitle);
    }

    /// <summary>Removes a site-name suffix ("…_北京市人民政府网站", "… - 中国政府网") from an HTML/DOCX title.</summary>
    public static string? CleanDeclared(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }
        var cut = SiteSuffix().Match(title);
        var cleaned = cut.Success && cut.Index >= 6 ? title[..cut.Index] : title;
        return cleaned.Trim();
    }

    // An addressee line (one colon, at its end: 省政府各部门，中央在甘有关单位：) or a body sentence (。 in a line of 20+
    // characters): the body has begun. Not page furniture ("索引号： … 主题分类：" has two colons).
    private static bool StartsBody(string line) =>
        !Furniture().IsMatch(line)
        && ((line.Length >= 3 && (line.EndsWith('：') || line.EndsWith(':')) && line.Count(c => c is '：' or ':') == 1 && !line.Contains('。', StringComparison.Ordinal))
            || (line.Length >= 20 && line.Contains('。', StringComparison.Ordinal)));

    // A ， that is not inside a quoted name (“…” or 《…》).
    private static bool ClauseOutsideQuotes(string line)
    {
        var depth = 0;
        foreach (var c in line)
        {
            depth += c is '“' or '《' ? 1 : c is '”' or '》' ? -1 : 0;
            if (c == '，' && depth <= 0)
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsHeadingLike(string line)
    {
        if (line.Length < 4 || line.Length > 100)
        {
            return false;
        }
        if (SectionHeading().IsMatch(line) || line.EndsWith('，') || line.EndsWith(',') || line.EndsWith('、') || FullDateFirst().IsMatch(line))
        {
            return false;
        }
        if (line.Contains('：', StringComparison.Ordinal) || line.Contains(':', StringComparison.Ordinal) || line.Contains('。', StringComparison.Ordinal) || line.Contains('；', StringComparison.Ordinal))
        {
            return false;
        }
        if (Furniture().IsMatch(line))
        {
            return false;
        }
        // What is left without its document numbers and dates (cut where they stand: the finder normalises a number,
        // 沪财法[2007]9号 → 沪财法〔2007〕9号) must still be words, not just a number/date with punctuation.
        var cut = new bool[line.Length];
        foreach (var (_, index, length) in DocumentNumberFinder.FindAll(line))
        {
            Array.Fill(cut, true, index, length);
        }
        foreach (var date in DateFinder.FindAll(line))
        {
            Array.Fill(cut, true, date.Index, date.Length);
        }
        return line.Where((c, i) => !cut[i] && char.IsLetter(c)).Count() >= 4;
    }

    [GeneratedRegex(@"^（[^（）]*）$|^\([^()]*\)$|字号[：:]|^\s*(?:来源|发布时间|发布日期|浏览次数|打印|关闭|分享)[：:]|【打印】|【关闭】|^第\s*\d+\s*页")]
    private static partial Regex Furniture();

    // 第一章 总则, 一、总体要求, （一）…, (1) …, "1. " / "2.1 " / 3、… (not "2023 Annual Report"), and a heading whose number was lost (、指导思想)
    [GeneratedRegex(@"^(?:第[一二三四五六七八九十百零〇\d]+[章节条编部分]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+(?:\.\d+)+\s|\d+[、．]|\d+\.(?!\d)|、)")]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")]
    private static partial Regex FullDateFirst();

    [GeneratedRegex(@"\s*(?:_|\s-\s|\||｜|——)\s*[^_|｜]*(?:网站|政府网|门户|网|官网|Portal|Website)\s*$")]
    private static partial Regex SiteSuffix();
}
