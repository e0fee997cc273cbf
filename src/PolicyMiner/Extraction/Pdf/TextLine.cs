namespace PolicyMiner.Extraction.Pdf;

/// <summary>
/// One visual line of a page in reading-frame coordinates (x grows along the line, y grows up the page),
/// independent of PdfPig so the layout rules can be tested on their own.
/// </summary>
/// <param name="Text">The line's text (no line breaks).</param>
/// <param name="Left">Left edge (start of the first glyph).</param>
/// <param name="Right">Right edge (end of the last glyph).</param>
/// <param name="Baseline">Baseline y.</param>
/// <param name="FontSize">Largest point size on the line.</param>
internal sealed record TextLine(string Text, double Left, double Right, double Baseline, double FontSize)
{
    /// <summary>Width of the line.</summary>
    public double Width => Right - Left;
}

/// <summary>The lines of one page plus the page box in the same reading-frame coordinates.</summary>
/// <param name="Number">1-based page number.</param>
/// <param name="Lines">Lines in content (reading) order.</param>
/// <param name="Bottom">Lowest y of the page box.</param>
/// <param name="Top">Highest y of the page box.</param>
internal sealed record PageLines(int Number, IReadOnlyList<TextLine> Lines, double Bottom, double Top)
{
    /// <summary>Page height.</summary>
    public double Height => Top - Bottom;
}
