namespace PolicyMiner.Extraction.Metadata;

/// <summary>
/// The document form (文种) from the ending of the title — the form of the document itself: a notice that issues a
/// plan (关于印发…方案的通知) is a 通知. Forms are checked longest first (战略合作框架协议 before 协议).
/// When the title has no form ending, the first lines are searched for an agreement form (协议, 备忘录, 纪要).
/// </summary>
public static class FormFinder
{
    /// <summary>Recognised forms, longest first so that the most specific wins.</summary>
    public static IReadOnlyList<string> Forms { get; } = new[]
    {
        "战略合作框架协议", "合作框架协议", "战略合作协议", "框架协议", "合作协议", "合作备忘录", "谅解备忘录", "备忘录",
        "会议纪要", "纪要", "协议书", "协议", "合同", "规划纲要", "发展规划", "规划", "实施方案", "工作方案", "行动方案", "方案",
        "指导意见", "实施意见", "意见", "通知", "通报", "决定", "决议", "实施细则", "细则", "办法", "规定", "条例", "公告", "通告",
        "报告", "批复", "函", "行动计划", "计划", "纲要", "宣言", "倡议书", "倡议", "共识", "章程", "命令", "令", "法", "公约", "议定书",
    }.OrderByDescending(f => f.Length).ThenBy(f => f, StringComparer.Ordinal).ToArray();

    private static readonly string[] AgreementForms = ["框架协议", "合作协议", "备忘录", "会议纪要", "协议书", "协议"];

    /// <summary>The form a title ends with (trailing brackets such as （试行） or （2021—2025年） ignored), or null.</summary>
    public static string? FormOfTitle(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }
        var t = StripTrailingBrackets(title.Trim());
        return Forms.FirstOrDefault(f => t.EndsWith(f, StringComparison.Ordinal));
    }

    /// <summary>The form of a document from its title, else an agreement form named in its first 5 paragraphs.</summary>
    public static string? Find(string? title, IReadOnlyList<string> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var form = FormOfTitle(title);
        if (form is not null)
        {
            return form;
        }
        foreach (var paragraph in paragraphs.Take(5))
        {
            var t = StripTrailingBrackets(paragraph.Trim());
            var found = AgreementForms.FirstOrDefault(f => t.EndsWith(f, StringComparison.Ordinal));
            if (found is not null && t.Length <= 60)
            {
                return found;
            }
        }
        return null;
    }

    private static string StripTrailingBrackets(string t)
    {
        while (t.Length > 0 && (t[^1] == '）' || t[^1] == ')'))
        {
            var open = Math.Max(t.LastIndexOf('（'), t.LastIndexOf('('));
            if (open <= 0)
            {
                break;
            }
            t = t[..open].TrimEnd();
        }
        return t.TrimEnd('》', '"', '”');
    }
}
