using System.IO.Compression;
using System.Security.Cryptography;

namespace PolicyMiner.Export;

/// <summary>
/// The CJK font of the report's charts. Without one, SkiaSharp draws Chinese labels as empty boxes. We bundle
/// a subset of Noto Sans CJK SC (GB 2312 plus every character of the gazetteer, central organs and codebook; Export/Fonts/make_font.py) (OFL-1.1, <c>Export/Fonts/OFL.txt</c>) rather than rely on the fonts of
/// the machine, so the charts look the same everywhere and the PNGs are reproducible.
/// </summary>
internal static class ReportFont
{
    /// <summary>The family name registered with ScottPlot.</summary>
    public const string Name = "PolicyMiner Noto Sans SC";

    private static readonly Lazy<string> Registered = new(Register, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers the font once per process (ScottPlot loads fonts from files) and returns its name.</summary>
    public static string Ensure() => Registered.Value;

    /// <summary>The decompressed font bytes.</summary>
    public static byte[] Bytes()
    {
        using var resource = typeof(ReportFont).Assembly.GetManifestResourceStream("PolicyMiner.Fonts.NotoSansSC-report.otf.gz")
            ?? throw new InvalidOperationException("The bundled report font is missing from the PolicyMiner assembly; rebuild PolicyMiner.");
        using var gz = new GZipStream(resource, CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>
    /// Pixels to move a one-line label of our font down so that it sits centred on its anchor (a tick, a legend
    /// swatch). ScottPlot 5 draws a one-line label centred on a point with its baseline
    /// <c>lineHeight/2 - Bottom</c> below the point (LabelStyle.DrawText, <c>bottom: true</c>), which suits Latin
    /// fonts whose Bottom (deepest descent of any glyph) is about their descent. Noto Sans CJK's font-wide Bottom
    /// (~1 em, from the font's bounding box) is far larger than its descent (0.29 em), so tick labels stood ~5 px above their ticks and the first
    /// legend entry was cut by the legend frame. The baseline we want puts the middle of the cap height (which is
    /// also the middle of an ideograph in Noto, ~0.37 em) on the point.
    /// </summary>
    public static float CentreCorrection(float fontSize)
    {
        Ensure();
        using var font = new SkiaSharp.SKFont(ScottPlot.Fonts.GetTypeface(Name, bold: false, italic: false), fontSize);
        var lineHeight = font.GetFontMetrics(out var m);
        var scottBaseline = lineHeight / 2 - m.Bottom;
        return m.CapHeight / 2 - scottBaseline;
    }

    private static string Register()
    {
        var bytes = Bytes();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        var path = Path.Combine(Path.GetTempPath(), "policyminer-fonts", "NotoSansSC-report-" + hash + ".otf");
        if (!File.Exists(path) || new FileInfo(path).Length != bytes.Length)
        {
            AtomicFile.WriteStream(path, s => s.Write(bytes));
        }
        ScottPlot.Fonts.AddFontFile(Name, path, bold: false, italic: false);
        ScottPlot.Fonts.AddFontFile(Name, path, bold: true, italic: false);
        return Name;
    }
}
