using System.Diagnostics;
using System.Text.RegularExpressions;
using PolicyMiner.Export;
using SkiaSharp;

namespace PolicyMiner.Tests.Export;

/// <summary>A fact that is skipped, saying why, when Debian's chromium is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
        {
            Skip = "chromium is not installed (apt-get install -y chromium; .ci/apt-packages.txt lists it): the report is not rendered in a browser.";
        }
    }
}

public partial class ReportTests
{
    [GeneratedRegex("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex InlinePng();

    private static string WriteReport()
    {
        var dir = ExportFixture.TempDir();
        ExportStage.Run(new ExportOptions
        {
            Documents = ExportFixture.Documents,
            Labeled = ExportFixture.Labeled,
            Coded = ExportFixture.Coded,
            Model = ExportFixture.Card,
            Output = dir,
            Formats = new HashSet<string>(StringComparer.Ordinal),
            Report = true,
            ByField = "fields",
        });
        return Path.Combine(dir, "report.html");
    }

    [Fact]
    public void Report_compares_machine_and_hand_codes_lists_documents_to_review_and_names_its_inputs()
    {
        var html = File.ReadAllText(WriteReport());
        // The fixture's labeled.csv holds coder A's codes, coded.csv coder B's: the exact-match share is theirs.
        static Dictionary<string, string> Codes(string path) => File.ReadAllLines(path).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(c => c[0].TrimStart('\uFEFF'), c => string.Join(";", c[1].Split(';').Order(StringComparer.Ordinal)), StringComparer.Ordinal);
        var a = Codes(ExportFixture.Labeled);
        var b = Codes(ExportFixture.Coded);
        var both = a.Keys.Where(b.ContainsKey).ToList();
        var exact = both.Count(k => a[k] == b[k]);
        Assert.Contains("Machine vs hand codes", html, StringComparison.Ordinal);
        Assert.Contains($"{both.Count} documents; exact match {((double)exact / both.Count).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}", html, StringComparison.Ordinal);
        Assert.Contains("exact match 完全匹配", html, StringComparison.Ordinal); // multi-label accuracy named as what it is
        Assert.Contains("To review", html, StringComparison.Ordinal);
        Assert.Contains("Provenance", html, StringComparison.Ordinal);
        Assert.Contains("sha256 " + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(ExportFixture.Documents))), html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_is_self_contained_and_every_chart_decodes()
    {
        var html = File.ReadAllText(WriteReport());
        var images = InlinePng().Matches(html);
        // per year, 2 label distributions, F1 + confusion (primary_field), F1 (fields), government and party
        // networks (the fixture's records predate parties: both are drawn from the signatories), quality
        Assert.Equal(9, images.Count);
        foreach (Match m in images)
        {
            using var bitmap = SKBitmap.Decode(Convert.FromBase64String(m.Groups[1].Value));
            Assert.NotNull(bitmap);
            Assert.True(bitmap.Width >= 600 && bitmap.Height >= 150);
        }
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(src|href)=\"(https?:|//)", html);
        Assert.Contains("锦江区", html, StringComparison.Ordinal); // network table
    }

    [Fact]
    public void Chart_labels_are_drawn_in_a_font_that_has_the_Chinese_glyphs()
    {
        using var typeface = SKTypeface.FromData(SKData.CreateCopy(ReportFont.Bytes()));
        Assert.NotNull(typeface);
        using var font = new SKFont(typeface);
        var glyphs = font.GetGlyphs("经济生态交通锦江区武侯区安徽省".AsSpan());
        Assert.DoesNotContain((ushort)0, glyphs);
    }

    [Fact]
    public void Report_is_identical_on_a_second_run()
    {
        Assert.Equal(File.ReadAllBytes(WriteReport()), File.ReadAllBytes(WriteReport()));
    }

    [ChromiumFact]
    public void Chromium_renders_the_report_with_every_chart_loaded()
    {
        var report = WriteReport();
        var dir = Path.GetDirectoryName(report)!;
        // A copy with a probe that records how many images decoded (the report itself has no scripts).
        var probe = Path.Combine(dir, "probe.html");
        File.WriteAllText(probe, File.ReadAllText(report).Replace("</body>",
            "<script>addEventListener('load',()=>{const i=[...document.images];document.body.setAttribute('data-loaded',i.filter(x=>x.complete&&x.naturalWidth>0).length+'/'+i.length)})</script></body>",
            StringComparison.Ordinal));
        var dom = RunChromium(dir, "--dump-dom", new Uri(probe).AbsoluteUri);
        Assert.Contains("data-loaded=\"9/9\"", dom, StringComparison.Ordinal);

        var shot = Path.Combine(dir, "report.png");
        RunChromium(dir, "--screenshot=" + shot, "--window-size=1100,3000", new Uri(report).AbsoluteUri);
        using var bitmap = SKBitmap.Decode(shot);
        Assert.NotNull(bitmap);
        var coloured = 0;
        for (var y = 0; y < bitmap.Height; y += 4)
        {
            for (var x = 0; x < bitmap.Width; x += 4)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - c.Blue) > 40 || Math.Abs(c.Green - c.Blue) > 40)
                {
                    coloured++;
                }
            }
        }
        // Charts are the only coloured things on the page: a blank or broken page has none.
        Assert.True(coloured > 2000, $"only {coloured} coloured sample pixels in the screenshot");
    }

    private static string RunChromium(string dir, params string[] args)
    {
        var psi = new ProcessStartInfo(ChromiumFactAttribute.Chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--user-data-dir=" + Path.Combine(dir, "chromium-profile-" + Guid.NewGuid().ToString("N")),
        }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "chromium did not finish within 120 s");
        return stdout.Result;
    }
}
