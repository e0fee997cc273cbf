using System.Runtime.CompilerServices;
using UglyToad.PdfPig.PdfFonts;

namespace PolicyMiner.Extraction.Pdf;

/// <summary>
/// The advance width of a glyph in a simple Type 1 / CFF font (PdfPig's internal <c>Type1FontSimple</c>) without its
/// ink box. PdfPig's <c>Type1FontSimple.GetBoundingBox</c> (0.1.16) computes the ink box first — it runs the glyph's
/// CFF charstring — and then returns as width <c>/Widths[code − /FirstChar]</c>, else the descriptor's
/// <c>/MissingWidth</c>, divided by 1000; only a font without both falls back to the ink box. Measured on the three-column
/// Federal Register (seven Type 1C fonts): the charstrings were ~8 % of the whole extract. This reads the same fields
/// PdfPig uses (.NET's <see cref="UnsafeAccessorAttribute"/>, no reflection cost), so the width is the same number;
/// a PdfPig version without these fields makes <see cref="TryCreate"/> return null and the caller asks PdfPig as before.
/// </summary>
internal sealed class FontAdvance
{
    private const string Type1Simple = "UglyToad.PdfPig.PdfFonts.Simple.Type1FontSimple, UglyToad.PdfPig";

    private readonly int firstChar;
    private readonly double[] widths;
    private readonly double? missingWidth;

    private FontAdvance(int firstChar, double[] widths, double? missingWidth)
    {
        this.firstChar = firstChar;
        this.widths = widths;
        this.missingWidth = missingWidth;
    }

    /// <summary>The width table of <paramref name="font"/> when it is a simple Type 1 / CFF font, else null.</summary>
    public static FontAdvance? TryCreate(IFont font)
    {
        if (font.GetType().FullName != "UglyToad.PdfPig.PdfFonts.Simple.Type1FontSimple")
        {
            return null;
        }
        try
        {
            var widths = Widths(font);
            if (widths is null)
            {
                return null;
            }
            return new FontAdvance(FirstChar(font), widths, Descriptor(font)?.MissingWidth);
        }
        catch (MissingMemberException)
        {
            return null; // another PdfPig version: ask GetBoundingBox
        }
    }

    /// <summary>The advance in text space (as <c>GetBoundingBox(code).Width</c>), or null where PdfPig would use the ink box.</summary>
    public double? Advance(int code)
    {
        var index = code - firstChar;
        if (index >= 0 && index < widths.Length)
        {
            return widths[index] / 1000.0;
        }
        return missingWidth / 1000.0;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "widths")]
    private static extern ref double[]? Widths([UnsafeAccessorType(Type1Simple)] object font);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "firstChar")]
    private static extern ref int FirstChar([UnsafeAccessorType(Type1Simple)] object font);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "fontDescriptor")]
    private static extern ref FontDescriptor? Descriptor([UnsafeAccessorType(Type1Simple)] object font);
}
