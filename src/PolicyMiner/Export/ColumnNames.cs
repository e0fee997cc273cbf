using System.Text;

namespace PolicyMiner.Export;

/// <summary>
/// Makes column names that Stata and R both accept unchanged: at most 32 characters, <c>[a-z][a-z0-9_]*</c>
/// (R's <c>read.csv</c> would rename a leading underscore, Stata forbids most non-ASCII in old versions),
/// not a reserved word of either language, and unique within the table. The original name is kept in the
/// variable label, so nothing is lost.
/// </summary>
public sealed class ColumnNames
{
    /// <summary>Longest variable name Stata accepts.</summary>
    public const int MaxLength = 32;

    // Stata reserved names that match [a-z][a-z0-9_]* (Stata manual [U] 11.3), and R's reserved words
    // (?Reserved) in lower case.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "byte", "double", "float", "if", "in", "int", "long", "strl", "using", "with",
        "else", "repeat", "while", "function", "for", "next", "break", "true", "false", "null", "inf", "nan", "na",
    };

    private readonly HashSet<string> used = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="name"/> is valid in Stata and R as this class defines it.</summary>
    public static bool IsValid(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is 0 or > MaxLength || name[0] is < 'a' or > 'z' || Reserved.Contains(name) || IsStataStrType(name))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The ASCII-safe form of a name part: lower case, other characters become '_', runs collapsed.
    /// Returns "" when nothing usable is left (e.g. an all-Chinese label code).</summary>
    public static string Sanitize(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var sb = new StringBuilder(raw.Length);
        foreach (var ch in raw.Trim())
        {
            var c = char.ToLowerInvariant(ch);
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (ok)
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '_')
            {
                sb.Append('_');
            }
        }
        return sb.ToString().Trim('_');
    }

    /// <summary>Registers and returns a unique valid name built from <paramref name="raw"/>
    /// (<paramref name="fallback"/> when <paramref name="raw"/> has no usable characters). A
    /// <paramref name="suffix"/> (such as <c>_prob</c>) survives truncation: the stem is shortened instead.</summary>
    public string Add(string raw, string fallback = "v", string suffix = "")
    {
        ArgumentNullException.ThrowIfNull(suffix);
        var name = Sanitize(raw);
        if (name.Length == 0)
        {
            name = Sanitize(fallback);
        }
        if (name.Length == 0 || name[0] is < 'a' or > 'z')
        {
            name = "v" + (name.Length == 0 || name[0] == '_' ? name : "_" + name);
        }
        if (Reserved.Contains(name) || IsStataStrType(name))
        {
            name += "_";
        }
        if (name.Length + suffix.Length > MaxLength)
        {
            name = name[..(MaxLength - suffix.Length)].TrimEnd('_');
        }
        name += suffix;
        var candidate = name;
        for (var i = 2; !used.Add(candidate); i++)
        {
            var counter = "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            candidate = (name.Length + counter.Length > MaxLength ? name[..(MaxLength - counter.Length)] : name) + counter;
        }
        return candidate;
    }

    // str1 … str2045 are Stata storage types and cannot be variable names.
    private static bool IsStataStrType(string name) =>
        name.Length > 3 && name.StartsWith("str", StringComparison.Ordinal) && name[3..].All(char.IsAsciiDigit);
}
