using System.Globalization;
using System.Text.RegularExpressions;

namespace PolicyMiner.Extraction.Metadata;

/// <summary>A date found in text.</summary>
/// <param name="Year">Year.</param>
/// <param name="Month">Month, 0 when unknown.</param>
/// <param name="Day">Day, 0 when unknown.</param>
/// <param name="Index">Position in the paragraph.</param>
/// <param name="Length">Length of the matched text.</param>
public sealed record FoundDate(int Year, int Month, int Day, int Index, int Length)
{
    /// <summary>ISO 8601: yyyy-MM-dd, yyyy-MM or yyyy.</summary>
    public string Iso => Month == 0 ? Year.ToString("D4", CultureInfo.InvariantCulture)
        : Day == 0 ? string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}")
        : string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}-{Day:D2}");
}

/// <summary>
/// Finds dates: 2020年3月5日, 二〇二〇年三月五日 (also ○ and 零 for zero), 2020-03-05, 2020/3/5, 2020.3.5,
/// 2020年3月, and English "March 5, 2020" / "5 March 2020". The document's date (<see cref="Find"/>) is the
/// signing/issuing date: a date standing alone on a line (the 落款 of a Chinese official document, first such
/// line), else a date in a line that says signed/issued/promulgated (签署, 印发, 公布, signed, …), else one in a line
/// that says adopted/approved/in force (通过, 批准, 施行: 1996年9月19日 经国务院批准 comes before the date it was
/// issued), else the first full date.
/// </summary>
public static partial class DateFinder
{
    private const string ChineseDigits = "〇○零一二三四五六七八九";

    private static readonly string[] EnglishMonths =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    /// <summary>Every valid date in <paramref name="line"/>, in order.</summary>
    public static IEnumerable<FoundDate> FindAll(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        foreach (Match m in Numeric().Matches(line))
        {
            var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            var month = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            var day = m.Groups["d"].Success ? int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture) : 0;
            if (Valid(year, month, day))
            {
                yield return new FoundDate(year, month, day, m.Index, m.Length);
            }
        }
        foreach (Match m in ChineseNumeral().Matches(line))
        {
            var year = 0;
            foreach (var c in m.Groups["y"].Value)
            {
                year = (year * 10) + (ChineseDigits.IndexOf(c, StringComparison.Ordinal) switch { <= 2 => 0, var i => i - 2 });
            }
            var month = ChineseNumber(m.Groups["m"].Value);
            var day = m.Groups["d"].Success ? ChineseNumber(m.Groups["d"].Value) : 0;
            if (Valid(year, month, day))
            {
                yield return new FoundDate(year, month, day, m.Index, m.Length);
            }
        }
        foreach (Match m in English().Matches(line))
        {
            var monthName = (m.Groups["mn"].Success ? m.Groups["mn"].Value : m.Groups["mn2"].Value).ToLowerInvariant();
            var month = Array.FindIndex(EnglishMonths, n => n.StartsWith(monthName.TrimEnd('.'), StringComparison.Ordinal)) + 1;
            var day = int.Parse(m.Groups["d"].Success ? m.Groups["d"].Value : m.Groups["d2"].Value, CultureInfo.InvariantCulture);
            var year = int.Parse(m.Groups["y"].Success ? m.Groups["y"].Value : m.Groups["y2"].Value, CultureInfo.InvariantCulture);
            if (month > 0 && Valid(year, month, day))
            {
                yield return new FoundDate(year, month, day, m.Index, m.Length);
            }
        }
    }

    /// <summary>The document's signing/issuing date (see the class summary), ISO 8601, or null.</summary>
    public static string? Find(IReadOnlyList<string> paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        FoundDate? keyword = null, weak = null, first = null;
        foreach (var paragraph in paragraphs)
        {
            foreach (var date in FindAll(paragraph).OrderBy(d => d.Index))
            {
                if (date.Day == 0)
                {
                    continue;
                }
                var rest = StandaloneNoise().Replace(paragraph.Remove(date.Index, date.Length), "");
                if (rest.Length == 0)
                {
                    return date.Iso;
                }
                first ??= date;
                if (keyword is null && SigningWords().IsMatch(paragraph))
                {
                    keyword = date;
                }
                else if (weak is null && WeakWords().IsMatch(paragraph))
                {
                    weak = date;
                }
            }
        }
        return (keyword ?? weak ?? first)?.Iso;
    }

    private static bool Valid(int year, int month, int day) =>
        year is >= 1900 and <= 2100 && month is >= 0 and <= 12 && day >= 0
        && (day == 0 || (month > 0 && day <= DateTime.DaysInMonth(year, month)));

    // 一 … 九, 十, 十一 … 十九, 二十 … 三十一.
    private static int ChineseNumber(string s)
    {
        if (s.Length == 0)
        {
            return 0;
        }
        var ten = s.IndexOf('十', StringComparison.Ordinal);
        int Digit(char c) => ChineseDigits.IndexOf(c, StringComparison.Ordinal) switch { < 0 => -100, <= 2 => 0, var i => i - 2 };
        if (ten < 0)
        {
            return s.Length == 1 ? Digit(s[0]) : -1;
        }
        var tens = ten == 0 ? 1 : Digit(s[0]);
        var units = ten == s.Length - 1 ? 0 : Digit(s[ten + 1]);
        return (tens * 10) + units;
    }

    // What may surround a date on a signature line: spaces, brackets, dashes, the word 签署/印发.
    [GeneratedRegex(@"[\s　（）()\[\]〔〕—\-－。.,，:：]|(?:签署|印发|发布|日期|于)")]
    private static partial Regex StandaloneNoise();

    [GeneratedRegex(@"签署|签订|签约|签字|印发|发布|公布|signed|issued|done at", RegexOptions.IgnoreCase)]
    private static partial Regex SigningWords();

    [GeneratedRegex(@"通过|批准|施行|adopted", RegexOptions.IgnoreCase)]
    private static partial Regex WeakWords();

    [GeneratedRegex(@"(?<![\d.])(?<y>(?:19|20)\d\d)\s*(?:年\s*(?<m>\d{1,2})\s*月(?:\s*(?<d>\d{1,2})\s*日)?|[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})(?![\d]))")]
    private static partial Regex Numeric();

    [GeneratedRegex(@"(?<y>[〇○零一二三四五六七八九]{4})年(?<m>十[一二]?|[一二三四五六七八九])月(?:(?<d>[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日)?")]
    private static partial Regex ChineseNumeral();

    [GeneratedRegex(@"\b(?:(?<mn>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?<d>\d{1,2}),?\s+(?<y>(?:19|20)\d\d)|(?<d2>\d{1,2})\s+(?<mn2>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?,?\s+(?<y2>(?:19|20)\d\d))\b", RegexOptions.IgnoreCase)]
    private static partial Regex English();
}
