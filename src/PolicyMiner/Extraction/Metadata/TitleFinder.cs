using System.Text.RegularExpressions;

namespace PolicyMiner.Extraction.Metadata;

/// <summary>
/// Finds a title: the first heading-like line among the first paragraphs — short (4–100 characters), not a
/// sentence (no 。；, not ending in ：), not a document number, date, page furniture (字号：大 中 小) or an
/// addressee line (…：). A line ending in a document form (通知, 意见, 协议, …) is preferred within the first 8 lines, also
/// when the title is broken over up to three lines (they are joined).
/// A title the format declares (HTML, DOCX) is used when the text offers none, with a site-name suffix removed.
/// </summary>
public static partial class TitleFinder
{
    /// <summary>The title of a document whose paragraphs are <paramref name="paragraphs"/>.</summary>
    public static string? Find(IReadOnlyList<string> paragraphs, string? declaredTitle = null)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        string? firstHeadingLike = null;
        for (var i = 0; i < paragraphs.Count && i < 12; i++)
        {
            var line = paragraphs[i].Trim();
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
            firstHeadingLike ??= line;
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

    private static bool IsHeadingLike(string line)
    {
        if (line.Length < 4 || line.Length > 100)
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
        var withoutNumbers = line;
        foreach (var (number, _) in DocumentNumberFinder.FindAll(line))
        {
            withoutNumbers = withoutNumbers.Replace(number, "", StringComparison.Ordinal);
        }
        foreach (var date in DateFinder.FindAll(line))
        {
            withoutNumbers = withoutNumbers.Replace(line.Substring(date.Index, date.Length), "", StringComparison.Ordinal);
        }
        // What is left must still be words, not just a number/date with punctuation.
        return withoutNumbers.Count(char.IsLetter) >= 4;
    }

    [GeneratedRegex(@"^（[^（）]*）$|^\([^()]*\)$|字号[：:]|^\s*(?:来源|发布时间|发布日期|浏览次数|打印|关闭|分享)[：:]|【打印】|【关闭】|^第\s*\d+\s*页")]
    private static partial Regex Furniture();

    [GeneratedRegex(@"\s*(?:_|\s-\s|\||｜|——)\s*[^_|｜]*(?:网站|政府网|门户|网|官网|Portal|Website)\s*$")]
    private static partial Regex SiteSuffix();
}
