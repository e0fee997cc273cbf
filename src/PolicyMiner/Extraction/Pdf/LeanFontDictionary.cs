using UglyToad.PdfPig;
using UglyToad.PdfPig.Parser.Parts;
using UglyToad.PdfPig.Tokenization.Scanner;
using UglyToad.PdfPig.Tokens;

namespace PolicyMiner.Extraction.Pdf;

/// <summary>
/// Which font dictionaries <see cref="LeanFontStore"/> hands to PdfPig's font factory without their embedded program,
/// and how: the rules follow PdfPig 0.1.16's font handlers (<c>Type0FontHandler</c>, <c>CidFontFactory</c>,
/// <c>Type1FontHandler</c>, <c>EncodingReader</c>, <c>FontDescriptorFactory</c>), so that PdfPig computes the same text
/// and widths with and without the program.
/// </summary>
internal static class LeanFontDictionary
{
    private static readonly NameToken[] ProgramKeys = [NameToken.FontFile, NameToken.FontFile2, NameToken.FontFile3];

    /// <summary>
    /// The font dictionary PdfPig's factory is given: <paramref name="font"/> itself, or a copy whose descriptor has no
    /// program entries when (PdfPig 0.1.16 source) the program influences nothing text extraction reads.
    /// <list type="bullet">
    /// <item>Type 0: <c>Type0Font</c> decodes with the CMap, ToUnicode and the Adobe ordering's UCS2 CMap, and its width
    /// is <c>CIDFont.GetWidthFromDictionary</c> (<c>/W</c>, <c>/DW</c>); the CID font's program only gives ink boxes and the
    /// font matrix used for them. Always lean.</item>
    /// <item>Type 1 / MMType1 (also CFF in <c>/FontFile3</c>): <c>Type1FontHandler</c> takes the encoding from the program
    /// only when <c>/Encoding</c> is absent (a Type 1 program's built-in encoding) or is a dictionary without a known
    /// <c>/BaseEncoding</c> name (the program's encoding is the base for <c>/Differences</c>); width is <c>/Widths</c> else
    /// the descriptor's <c>/MissingWidth</c>. Lean unless the encoding needs the program.</item>
    /// <item>TrueType and Type 3: unchanged (without a program PdfPig looks the TrueType font up among the system fonts).</item>
    /// </list>
    /// </summary>
    internal static DictionaryToken Lean(DictionaryToken font, IPdfTokenScanner scanner)
    {
        ArgumentNullException.ThrowIfNull(font);
        if (!font.TryGet(NameToken.Subtype, scanner, out NameToken? subtype))
        {
            return font;
        }
        if (subtype.Equals(NameToken.Type0))
        {
            return font.TryGet(NameToken.DescendantFonts, out var descendants) && FirstDescendant(descendants, scanner) is { } cidFont
                && WithoutProgram(cidFont, scanner) is { } leanCid
                ? font.With(NameToken.DescendantFonts, new ArrayToken([leanCid]))
                : font;
        }
        if ((subtype.Equals(NameToken.Type1) || subtype.Equals(NameToken.MmType1)) && Type1EncodingIsProgramFree(font, scanner))
        {
            return WithoutProgram(font, scanner) ?? font;
        }
        return font;
    }

    /// <summary>
    /// The CID font PdfPig's <c>Type0FontHandler.TryGetFirstDescendant</c> reads: the first element of a direct
    /// <c>/DescendantFonts</c> array, or the object an indirect <c>/DescendantFonts</c> points to, where
    /// <c>DirectObjectFinder.Get</c> takes a one-element array (Word writes <c>/DescendantFonts 10 0 R</c>, object 10 being
    /// <c>[11 0 R]</c>) as its element. Anything else: null (the font is left as it is).
    /// </summary>
    private static DictionaryToken? FirstDescendant(IToken descendants, IPdfTokenScanner scanner)
    {
        IToken? first = descendants switch
        {
            ArrayToken { Data.Count: > 0 } array => array.Data[0],
            IndirectReferenceToken reference => DirectObjectFinder.TryGet(reference, scanner, out ArrayToken? array)
                ? (array.Data.Count == 1 ? array.Data[0] : null)
                : reference,
            _ => null,
        };
        return first is not null && DirectObjectFinder.TryGet(first, scanner, out DictionaryToken? cidFont) ? cidFont : null;
    }

    /// <summary>A copy of <paramref name="font"/> whose descriptor has no program, or null when there is nothing to remove.</summary>
    private static DictionaryToken? WithoutProgram(DictionaryToken font, IPdfTokenScanner scanner)
    {
        if (!font.TryGet(NameToken.FontDescriptor, scanner, out DictionaryToken? descriptor))
        {
            return null;
        }
        var first = ProgramKeys.FirstOrDefault(descriptor.ContainsKey);
        // FontDescriptorFactory throws for a program that is not an indirect reference: keep that behaviour.
        if (first is null || !descriptor.TryGet(first, out var program) || program is not IndirectReferenceToken)
        {
            return null;
        }
        var lean = descriptor;
        foreach (var key in ProgramKeys)
        {
            lean = lean.Without(key);
        }
        return font.With(NameToken.FontDescriptor, lean);
    }

    /// <summary>True when PdfPig's Type1FontHandler would pick the same encoding with and without the program.</summary>
    private static bool Type1EncodingIsProgramFree(DictionaryToken font, IPdfTokenScanner scanner)
    {
        // Fonts that fall to the Standard 14 metrics never read a program anyway; leave them as they are.
        if (!font.ContainsKey(NameToken.FirstChar) || !font.ContainsKey(NameToken.Widths) || !font.ContainsKey(NameToken.FontDescriptor))
        {
            return false;
        }
        if (!font.TryGet(NameToken.Encoding, out var encoding))
        {
            // No /Encoding: a Type 1 program's built-in encoding is used; a CFF program's is not (encoding stays null).
            return font.TryGet(NameToken.FontDescriptor, scanner, out DictionaryToken? descriptor)
                && !descriptor.ContainsKey(NameToken.FontFile) && !descriptor.ContainsKey(NameToken.FontFile2)
                && descriptor.TryGet(NameToken.FontFile3, scanner, out StreamToken? program)
                && program.StreamDictionary.TryGet(NameToken.Subtype, scanner, out NameToken? programType) && programType.Equals(NameToken.Type1C);
        }
        if (DirectObjectFinder.TryGet(encoding, scanner, out NameToken? name))
        {
            // EncodingReader: a known name, else Symbol/ZapfDingbats/WinAnsi by /BaseFont — never the program.
            return UglyToad.PdfPig.Fonts.Encodings.Encoding.TryGetNamedEncoding(name, out _) || font.ContainsKey(NameToken.BaseFont);
        }
        // A dictionary: its /BaseEncoding (a direct name, as EncodingReader reads it) must be a known encoding.
        return DirectObjectFinder.TryGet(encoding, scanner, out DictionaryToken? dictionary)
            && dictionary.TryGet(NameToken.BaseEncoding, out var baseToken) && baseToken is NameToken baseName
            && (UglyToad.PdfPig.Fonts.Encodings.Encoding.TryGetNamedEncoding(baseName, out _) || baseName.Equals(NameToken.PdfDocEncoding));
    }

    /// <summary>
    /// For a simple Type 1 font with a ToUnicode map whose encoding lives in its program (LibreOffice writes every font
    /// so: a subset Type 1 program with its built-in encoding, plus ToUnicode): the font without its program and with
    /// an encoding that maps every code to a glyph name the glyph list does not know. PdfPig's
    /// <c>Type1FontSimple.TryGetUnicode</c> asks ToUnicode first, so the probe gives the whole font's text wherever
    /// ToUnicode has the code and fails where the whole font would have used its encoding; there
    /// <see cref="LeanFontStore.TryGetUnicodeFromProgram"/> asks the whole font. Widths come from <c>/Widths</c> either way. Null when
    /// the font is not such a font.
    /// </summary>
    internal static DictionaryToken? Probe(DictionaryToken font, IPdfTokenScanner scanner)
    {
        ArgumentNullException.ThrowIfNull(font);
        if (!font.TryGet(NameToken.Subtype, scanner, out NameToken? subtype) || !(subtype.Equals(NameToken.Type1) || subtype.Equals(NameToken.MmType1))
            || !font.ContainsKey(NameToken.FirstChar) || !font.ContainsKey(NameToken.Widths) || !font.ContainsKey(NameToken.FontDescriptor)
            || !font.TryGet(NameToken.ToUnicode, scanner, out StreamToken? _)
            || WithoutProgram(font, scanner) is not { } lean)
        {
            return null;
        }
        var unmapped = NameToken.Create("PolicyMinerNoGlyphName"); // not in the glyph list, no uniXXXX/uXXXX/cNN form: no text
        var differences = new IToken[257];
        differences[0] = new NumericToken(0);
        Array.Fill(differences, unmapped, 1, 256);
        var encoding = new DictionaryToken(new Dictionary<NameToken, IToken>
        {
            [NameToken.BaseEncoding] = NameToken.StandardEncoding,
            [NameToken.Differences] = new ArrayToken(differences),
        });
        return lean.With(NameToken.Encoding, encoding);
    }
}
