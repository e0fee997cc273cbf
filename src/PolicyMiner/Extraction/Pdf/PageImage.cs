using UglyToad.PdfPig.Content;

namespace PolicyMiner.Extraction.Pdf;

/// <summary>
/// Takes the scanned image of a page for OCR without rendering (poppler is not a runtime dependency): the largest
/// image on the page, if it covers at least a third of it, as PNG (<c>IPdfImage.TryGetPng</c>, for Flate/raw
/// images) or as its own JPEG / JPEG 2000 bytes (<c>RawBytes</c> of a DCT/JPX image; ../shared/notes/mlnet-pdfpig.md B4).
/// </summary>
internal static class PageImage
{
    /// <summary>The image bytes and their resolution in dots per inch, or null when no usable image exists.</summary>
    public static (byte[] Bytes, int Dpi)? Get(Page page)
    {
        IPdfImage? best = null;
        var bestArea = 0.0;
        foreach (var image in page.GetImages())
        {
            var area = Math.Abs(image.BoundingBox.Width * image.BoundingBox.Height);
            if (area > bestArea)
            {
                best = image;
                bestArea = area;
            }
        }
        if (best is null || bestArea < page.Width * page.Height / 3)
        {
            return null;
        }
        var widthInches = Math.Max(Math.Abs(best.BoundingBox.Width), Math.Abs(best.BoundingBox.Height)) / 72.0;
        var pixels = Math.Max(best.WidthInSamples, best.HeightInSamples);
        var dpi = widthInches > 0 ? (int)Math.Round(pixels / widthInches) : 0;
        dpi = dpi is >= 50 and <= 1200 ? dpi : 0;

        var raw = best.RawBytes;
        if (raw.Length > 2 && raw[0] == 0xFF && raw[1] == 0xD8)
        {
            return (raw.ToArray(), dpi);
        }
        if (raw.Length > 6 && raw[0] == 0 && raw[1] == 0 && raw[2] == 0 && raw[3] == 0x0C && raw[4] == 0x6A && raw[5] == 0x50)
        {
            return (raw.ToArray(), dpi);
        }
        try
        {
            if (best.TryGetPng(out var png) && png is { Length: > 0 })
            {
                return (png, dpi);
            }
        }
#pragma warning disable CA1031 // An image PdfPig cannot convert only means no OCR for this page; the caller warns.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        return null;
    }
}
