using PolicyMiner.Extraction;

namespace PolicyMiner.Tests.Extraction;

/// <summary>Fixture paths and the character error rate used by the PDF tests.</summary>
internal static class PdfTestSupport
{
    public static string Fixture(string name) =>
        Path.Combine(SharedData.RepoRoot, "tests", "PolicyMiner.Tests", "Extraction", "Fixtures", name);

    public static string GroundTruth(string pdfName) =>
        File.ReadAllText(Fixture(Path.ChangeExtension(pdfName, ".txt")));

    /// <summary>CER = Levenshtein distance / ground-truth length, after deleting all whitespace on both sides.</summary>
    public static double Cer(string actual, string truth)
    {
        var a = StripWhitespace(actual);
        var t = StripWhitespace(truth);
        if (t.Length == 0)
        {
            return a.Length == 0 ? 0 : 1;
        }
        var prev = new int[a.Length + 1];
        var cur = new int[a.Length + 1];
        for (var j = 0; j <= a.Length; j++)
        {
            prev[j] = j;
        }
        for (var i = 1; i <= t.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= a.Length; j++)
            {
                var cost = t[i - 1] == a[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return (double)prev[a.Length] / t.Length;
    }

    public static string StripWhitespace(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>Han pairs the output separates by whitespace (not a line break) although the ground truth never does.</summary>
    public static List<string> SpuriousHanSpaces(string actual, string truth)
    {
        var found = new List<string>();
        for (var i = 0; i < actual.Length; i++)
        {
            if (!IsHan(actual[i]))
            {
                continue;
            }
            var j = i + 1;
            while (j < actual.Length && char.IsWhiteSpace(actual[j]) && actual[j] != '\n')
            {
                j++;
            }
            if (j > i + 1 && j < actual.Length && IsHan(actual[j]))
            {
                var spaced = System.Text.RegularExpressions.Regex.Escape(actual[i].ToString()) + @"\s+"
                    + System.Text.RegularExpressions.Regex.Escape(actual[j].ToString());
                if (!System.Text.RegularExpressions.Regex.IsMatch(truth, spaced))
                {
                    found.Add(actual[i..(j + 1)]);
                }
            }
        }
        return found;
    }

    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF';

    public static readonly ExtractOptions OcrOff = new() { Ocr = OcrMode.Off };
}

/// <summary>A fact that is skipped, with the reason, when the tesseract CLI or its chi_sim data is missing.</summary>
internal sealed class TesseractFactAttribute : FactAttribute
{
    public TesseractFactAttribute()
    {
        if (!TesseractOcr.Default.IsAvailable)
        {
            Skip = "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim); OCR tests skipped.";
        }
        else if (TesseractOcr.Default.MissingLanguages("chi_sim+eng").Count > 0)
        {
            Skip = "tesseract has no chi_sim/eng data (apt-get install tesseract-ocr-chi-sim); OCR tests skipped.";
        }
    }
}
