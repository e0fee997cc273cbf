using System.Globalization;

namespace PolicyMiner.Segmentation.Keywords;

/// <summary>
/// The few Python <c>str</c> behaviours that jieba's keyword code relies on, reproduced for .NET strings:
/// <c>isspace</c>/<c>strip</c>, <c>len</c> in code points, <c>splitlines</c>, code-point ordering and <c>repr</c> of floats.
/// </summary>
internal static class PythonText
{
    /// <summary>
    /// Python 3 <c>str.isspace</c> for one code point: the Unicode White_Space set plus the bidi-class B/S/WS
    /// separators U+001C–U+001F, which .NET's <see cref="char.IsWhiteSpace(char)"/> does not count.
    /// </summary>
    public static bool IsSpace(int c) => c switch
    {
        >= 0x09 and <= 0x0D => true,
        >= 0x1C and <= 0x20 => true,
        0x85 or 0xA0 or 0x1680 => true,
        >= 0x2000 and <= 0x200A => true,
        0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000 => true,
        _ => false,
    };

    /// <summary><c>len(s.strip())</c>: the number of code points left after trimming Python whitespace.</summary>
    public static int StrippedLength(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start]))
        {
            start++;
        }
        while (end > start && IsSpace(s[end - 1]))
        {
            end--;
        }
        int n = 0;
        for (int i = start; i < end; i++)
        {
            // A surrogate pair is one code point (Python str indexes code points); a lone surrogate counts as one.
            if (!(char.IsLowSurrogate(s[i]) && i > start && char.IsHighSurrogate(s[i - 1])))
            {
                n++;
            }
        }
        return n;
    }

    /// <summary>
    /// <c>s.lower()</c>. NOTE: .NET's invariant lower-casing is the simple (one-to-one) Unicode mapping; Python uses
    /// the full mapping (U+0130 İ → "i̇", final-sigma Σ → ς). Both agree on every ASCII word, which is all the
    /// default stop list holds; only a user stop-word file with such letters could see a difference.
    /// </summary>
    public static string Lower(string s) => s.ToLowerInvariant();

    /// <summary>
    /// Python <c>str.splitlines()</c> (no ends kept): breaks at \n, \r, \r\n, \v, \f, U+001C–U+001E, U+0085,
    /// U+2028, U+2029; no empty last item for a trailing break.
    /// </summary>
    public static List<string> SplitLines(string s)
    {
        var lines = new List<string>();
        int start = 0, i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            bool isBreak = c is '\n' or '\r' or '\v' or '\f' or '\u001C' or '\u001D' or '\u001E' or '\u0085'
                or '\u2028' or '\u2029';
            if (!isBreak)
            {
                i++;
                continue;
            }
            lines.Add(s[start..i]);
            i += c == '\r' && i + 1 < s.Length && s[i + 1] == '\n' ? 2 : 1;
            start = i;
        }
        if (start < s.Length)
        {
            lines.Add(s[start..]);
        }
        return lines;
    }

    /// <summary>
    /// Python's string order (by code point). Ordinal UTF-16 order differs only between surrogate pairs
    /// (U+10000 and above) and U+E000–U+FFFF, which this comparer orders the Python way.
    /// </summary>
    public static readonly Comparer<string> CodePointComparer = Comparer<string>.Create(CompareCodePoints);

    private static int CompareCodePoints(string? a, string? b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }
        if (a is null)
        {
            return -1;
        }
        if (b is null)
        {
            return 1;
        }
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i], y = b[i];
            if (x == y)
            {
                continue;
            }
            // Surrogates (U+D800–U+DFFF) encode code points above U+FFFF, so they sort after U+E000–U+FFFF.
            bool sx = char.IsSurrogate(x), sy = char.IsSurrogate(y);
            if (sx != sy)
            {
                return sx ? (y >= 0xE000 ? 1 : x - y) : (x >= 0xE000 ? -1 : x - y);
            }
            return x - y;
        }
        return a.Length - b.Length;
    }

    /// <summary>
    /// Python <c>repr(float)</c>: the shortest round-trip digits, <c>1.0</c> rather than <c>1</c>, a lower-case
    /// exponent with at least two digits (<c>5e-05</c>), <c>inf</c>/<c>nan</c>.
    /// </summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        string r = value.ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOf('E', StringComparison.Ordinal);
        if (e < 0 && Math.Abs(value) >= 1e16)
        {
            // .NET writes 1e16 <= |x| < 1e17 in fixed form ("10000000000000000"), Python from 1e16 in exponent form.
            // Such doubles are integers, so r is a sign and 17 digits.
            string sign = value < 0 ? "-" : "";
            string digits = r[sign.Length..];
            string rest = digits[1..].TrimEnd('0');
            return sign + digits[0] + (rest.Length > 0 ? "." + rest : "") + "e+" + (digits.Length - 1).ToString(CultureInfo.InvariantCulture);
        }
        if (e < 0)
        {
            return r.Contains('.', StringComparison.Ordinal) ? r : r + ".0";
        }
        // "1E-05" -> "1e-05", "1.5E+20" -> "1.5e+20" (both print at least two exponent digits).
        return string.Concat(r.AsSpan(0, e), "e", r.AsSpan(e + 1));
    }
}
