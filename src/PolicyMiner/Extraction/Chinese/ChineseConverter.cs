using System.IO.Compression;
using System.Text;

namespace PolicyMiner.Extraction.Chinese;

/// <summary>
/// Traditional → Simplified Chinese conversion with OpenCC's <c>t2s</c> tables (TSPhrases + TSCharacters,
/// Apache-2.0, see Data/SOURCE.md). Follows OpenCC's algorithm: at each position the longest phrase of TSPhrases
/// that matches wins (maximum forward matching, as OpenCC's segmentation + DictGroup); otherwise the character is
/// looked up in TSCharacters; otherwise it is kept. The first candidate of an entry is its default, as in OpenCC.
/// </summary>
public sealed class ChineseConverter
{
    private static readonly Lazy<ChineseConverter> LazyTraditionalToSimplified = new(
        () => new ChineseConverter(Load("TSPhrases.txt.gz"), Load("TSCharacters.txt.gz")));

    private readonly Dictionary<string, string> phrases;
    private readonly Dictionary<string, string> characters;
    private readonly int maxPhraseLength;

    /// <summary>Creates a converter from phrase and character tables (key → default value).</summary>
    public ChineseConverter(IReadOnlyDictionary<string, string> phrases, IReadOnlyDictionary<string, string> characters)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        ArgumentNullException.ThrowIfNull(characters);
        this.phrases = new Dictionary<string, string>(phrases, StringComparer.Ordinal);
        this.characters = new Dictionary<string, string>(characters, StringComparer.Ordinal);
        maxPhraseLength = this.phrases.Keys.Select(k => k.Length).DefaultIfEmpty(1).Max();
    }

    /// <summary>OpenCC's Traditional → Simplified (t2s) converter; tables load once, on first use.</summary>
    public static ChineseConverter TraditionalToSimplified => LazyTraditionalToSimplified.Value;

    /// <summary>Number of phrase entries.</summary>
    public int PhraseCount => phrases.Count;

    /// <summary>Number of character entries.</summary>
    public int CharacterCount => characters.Count;

    /// <summary>The character table (Traditional → default Simplified).</summary>
    internal IReadOnlyDictionary<string, string> Characters => characters;

    /// <summary>True when <paramref name="c"/> (a BMP character) is a key of the character table.</summary>
    public bool IsConvertibleCharacter(string c) => characters.ContainsKey(c);

    /// <summary>Converts <paramref name="text"/>; characters without an entry are kept unchanged.</summary>
    public string Convert(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        var lookup = phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        var charLookup = characters.GetAlternateLookup<ReadOnlySpan<char>>();
        var i = 0;
        while (i < text.Length)
        {
            var matched = false;
            var max = Math.Min(maxPhraseLength, text.Length - i);
            for (var len = max; len >= 2; len--)
            {
                // Never split a surrogate pair.
                if (char.IsHighSurrogate(text[i + len - 1]))
                {
                    continue;
                }
                if (lookup.TryGetValue(text.AsSpan(i, len), out var phrase))
                {
                    sb.Append(phrase);
                    i += len;
                    matched = true;
                    break;
                }
            }
            if (matched)
            {
                continue;
            }
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            if (charLookup.TryGetValue(text.AsSpan(i, width), out var single))
            {
                sb.Append(single);
            }
            else
            {
                sb.Append(text, i, width);
            }
            i += width;
        }
        return sb.ToString();
    }

    /// <summary>Reads an OpenCC table (key TAB value [value…] per line) from the embedded resources.</summary>
    internal static Dictionary<string, string> Load(string resourceName)
    {
        var name = "PolicyMiner.Extraction.Chinese." + resourceName;
        using var stream = typeof(ChineseConverter).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded table {name} is missing from PolicyMiner.dll; rebuild the project.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                continue;
            }
            var values = line[(tab + 1)..];
            var space = values.IndexOf(' ', StringComparison.Ordinal);
            table[line[..tab]] = space < 0 ? values : values[..space];
        }
        return table;
    }
}
