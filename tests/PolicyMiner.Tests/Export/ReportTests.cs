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
        // per year, 1 label distribution (no document has a primary_field label: a sentence, not an empty chart), F1 + confusion (primary_field), F1 (fields), government and party
        // networks (the fixture's records predate parties: both are drawn from the signatories), quality
        Assert.Equal(8, images.Count);
        Assert.Contains("primary_field: no document has a label for this task", html, StringComparison.Ordinal);
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
    public void Y_tick_labels_sit_on_their_ticks_with_the_CJK_font()
    {
        // One bar of height 2: the label "2" must be centred on the bar's top (before the fix it stood ~10 px higher).
        using var bitmap = SKBitmap.Decode(ReportCharts.PerYear("t", [2000, 2001], [("a", [2.0, 0.0])]));
        static bool Dark(SKColor c) => c.Red + c.Green + c.Blue < 380;
        // The frame's left edge: the first column that is dark over most of the middle rows.
        var frameX = Enumerable.Range(0, bitmap.Width / 2).First(x => Enumerable.Range(100, 200).Count(y => Dark(bitmap.GetPixel(x, y))) > 180);
        var barTop = Enumerable.Range(0, bitmap.Height).First(y => Enumerable.Range(frameX + 2, bitmap.Width / 2).Any(x =>
        {
            var c = bitmap.GetPixel(x, y);
            return c.Blue > 150 && c.Red < 80; // Category10 blue
        }));
        // Ink of the tick labels, right of the axis title and left of the tick marks; the topmost run of rows is "2".
        var inkRows = Enumerable.Range(0, bitmap.Height).Where(y => Enumerable.Range(frameX - 22, 14).Any(x => Dark(bitmap.GetPixel(x, y)))).ToList();
        Assert.NotEmpty(inkRows);
        var first = inkRows.TakeWhile((y, i) => i == 0 || y - inkRows[i - 1] <= 8).ToList(); // one glyph, gaps of anti-aliasing inside it
        var centre = (first[0] + first[^1]) / 2.0;
        Assert.True(Math.Abs(centre - barTop) <= 3, $"frame x {frameX}, ink rows {string.Join(",", inkRows)}: label '2' centred at y = {centre}, the bar of height 2 ends at y = {barTop}");
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
        Assert.Contains("data-loaded=\"8/8\"", dom, StringComparison.Ordinal);

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

    /// <summary>
    /// The report at a desktop (1,400 px) and a narrow (800 px) window. The screenshots are kept for a person to look
    /// at in the test output folder: <c>tests/PolicyMiner.Tests/bin/Release/net10.0/screenshots/report-{width}.png</c>.
    /// A probe script reports, per width, how many images decoded, the narrowest rendered chart, the smallest
    /// chart scale (rendered / natural width; chart fonts are 15–16 px, so a scale of 0.75 keeps them at 12 px or
    /// more) and whether the page overflows sideways.
    /// </summary>
    [ChromiumFact]
    public void Report_is_readable_at_1400_and_800_px()
    {
        var report = WriteReport();
        var dir = Path.GetDirectoryName(report)!;
        var probe = Path.Combine(dir, "probe-size.html");
        File.WriteAllText(probe, File.ReadAllText(report).Replace("</body>",
            "<script>addEventListener('load',()=>{const i=[...document.images];const w=i.map(x=>x.getBoundingClientRect().width);" +
            "document.body.setAttribute('data-probe',[i.filter(x=>x.complete&&x.naturalWidth>0).length,i.length," +
            "Math.floor(Math.min(...w)),Math.min(...i.map((x,k)=>w[k]/x.naturalWidth)).toFixed(3)," +
            "document.documentElement.scrollWidth<=innerWidth?'fits':'overflows'].join(' '))})</script></body>",
            StringComparison.Ordinal));
        var shots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(shots);
        foreach (var width in new[] { 1400, 800 })
        {
            var dom = RunChromium(dir, "--dump-dom", $"--window-size={width},3000", new Uri(probe).AbsoluteUri);
            var m = Regex.Match(dom, "data-probe=\"(\\d+) (\\d+) (\\d+) ([0-9.]+) (\\w+)\"");
            Assert.True(m.Success, $"{width} px: the probe did not run");
            Assert.Equal(m.Groups[2].Value, m.Groups[1].Value); // every chart decoded
            Assert.Equal("8", m.Groups[2].Value);
            Assert.Equal("fits", m.Groups[5].Value); // no sideways scrolling
            var narrowest = int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
            var scale = double.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture);
            // Charts are 820–1000 px wide: at 1,400 px none is scaled; at 800 px the page's 768 px column holds them.
            Assert.True(narrowest >= 700, $"{width} px: a chart is only {narrowest} px wide");
            Assert.True(scale >= (width >= 1400 ? 0.999 : 0.75), $"{width} px: a chart is scaled to {scale} of its size; its labels are too small to read");

            var shot = Path.Combine(shots, $"report-{width}.png");
            File.Delete(shot);
            RunChromium(dir, "--screenshot=" + shot, $"--window-size={width},2400", new Uri(report).AbsoluteUri);
            using var bitmap = SKBitmap.Decode(shot);
            Assert.NotNull(bitmap);
            Assert.Equal(width, bitmap.Width);
            // Not blank: dark ink (text, axes) in every 200 px band of the first 1,600 px.
            for (var top = 0; top < 1600; top += 200)
            {
                var ink = 0;
                for (var y = top; y < top + 200; y += 2)
                {
                    for (var x = 0; x < bitmap.Width; x += 2)
                    {
                        var c = bitmap.GetPixel(x, y);
                        ink += c.Red + c.Green + c.Blue < 300 ? 1 : 0;
                    }
                }
                Assert.True(ink > 50, $"{width} px: the band at y = {top} px of the screenshot is blank ({ink} dark samples)");
            }
        }
    }

    [Fact]
    public void Report_shows_the_model_cards_learning_curve()
    {
        // The fixture card plus a learning curve written with the card's own JSON options (constructed values, as
        // `train --learning-curve` would write them), so a renamed field breaks this test.
        var curve = new PolicyMiner.Classification.LearningCurve
        {
            Folds = 5,
            Seed = 7,
            Points =
            [
                new(0.25, 40, new Dictionary<string, double> { ["fields"] = 0.412, ["primary_field"] = 0.305 }),
                new(0.5, 80, new Dictionary<string, double> { ["fields"] = 0.523, ["primary_field"] = 0.401 }),
                new(0.75, 120, new Dictionary<string, double> { ["fields"] = 0.561 }),
                new(1.0, 160, new Dictionary<string, double> { ["fields"] = 0.604, ["primary_field"] = 0.498 }),
            ],
            LastGain = 0.043,
            StillRising = true,
            Verdict = "Still rising (+0.043 macro-F1 from 75 % to 100 %): coding more documents is likely to help.",
        };
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ExportFixture.Card))!.AsObject();
        node["learning_curve"] = System.Text.Json.JsonSerializer.SerializeToNode(curve, PolicyMiner.Classification.ModelCard.JsonOptions);
        var dir = ExportFixture.TempDir();
        var card = Path.Combine(dir, "model-card.json");
        File.WriteAllText(card, node.ToJsonString());
        Assert.Equal(160, ModelCardView.Load(card).LearningCurve!.Points[^1].Documents);

        var outDir = Path.Combine(dir, "out");
        ExportStage.Run(new ExportOptions
        {
            Documents = ExportFixture.Documents,
            Labeled = ExportFixture.Labeled,
            Model = card,
            Output = outDir,
            Formats = new HashSet<string>(StringComparer.Ordinal),
            Report = true,
        });
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("Learning curve", html, StringComparison.Ordinal);
        Assert.Contains("5 folds, seed 7", html, StringComparison.Ordinal);
        Assert.Contains("<th>fields</th><th>primary_field</th>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>25%</td><td>40</td><td>0.412</td><td>0.305</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>75%</td><td>120</td><td>0.561</td><td>—</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("coding more documents is likely to help", html, StringComparison.Ordinal);
        // Without a curve in the card, no section.
        Assert.DoesNotContain("Learning curve", File.ReadAllText(WriteReport()), StringComparison.Ordinal);
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
