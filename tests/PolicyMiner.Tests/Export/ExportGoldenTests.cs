using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PolicyMiner.Export;
using PolicyMiner.Networks;

namespace PolicyMiner.Tests.Export;

/// <summary>
/// Export streams its inputs (issue 15, memory flat in corpus size); its files must stay those the in-memory export
/// wrote. Fixtures/golden/expected.txt holds the SHA-256 of every output of four cases as main's export wrote them
/// before the change (make_golden.py, which also says where the inputs come from: the README demo corpus, 300 real
/// State Council regulations, the demo shuffled with rows keyed by path and one unknown, and the hand-coded fixture).
/// </summary>
public class ExportGoldenTests
{
    private static readonly string Golden = Path.Combine(ExportFixture.Dir, "golden");

    public static TheoryData<string> Cases => new() { "demo", "shuffled", "regs300", "coded" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Export_writes_the_files_main_wrote(string name)
    {
        var input = Path.Combine(Golden, name);
        var output = Path.Combine(ExportFixture.TempDir(), "out");
        var coded = name == "coded";
        ExportStage.Run(new ExportOptions
        {
            Documents = Path.Combine(input, "documents.jsonl"),
            Labeled = Path.Combine(input, "labeled.csv"),
            Coded = coded ? Path.Combine(input, "coded.csv") : null,
            Model = coded ? Path.Combine(input, "model-card.json") : Path.Combine(Golden, "fields-model-card.json"),
            Output = output,
            Network = true,
            ByYear = true,
            ByField = "fields",
            Report = true,
            Weighting = name is "shuffled" or "coded" ? EdgeWeighting.Fractional : EdgeWeighting.Count,
            Relation = coded ? NetworkRelation.CoSigning : NetworkRelation.All,
        });
        var expected = File.ReadAllLines(Path.Combine(Golden, "expected.txt"))
            .Where(l => l.StartsWith(name + "/", StringComparison.Ordinal)).Select(l => l[(name.Length + 1)..]).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Digest(output));
        Assert.Empty(Directory.GetDirectories(output, ".export-spool*"));
    }

    [Fact]
    public void A_labeled_row_file_with_a_repeated_key_is_the_same_error_as_before()
    {
        var dir = ExportFixture.TempDir();
        var labeled = Path.Combine(dir, "labeled.csv");
        var lines = File.ReadAllLines(Path.Combine(Golden, "demo", "labeled.csv"));
        File.WriteAllLines(labeled, [.. lines, lines[3]], new UTF8Encoding(true));
        var options = new ExportOptions { Documents = Path.Combine(Golden, "demo", "documents.jsonl"), Labeled = labeled, Output = Path.Combine(dir, "out") };
        var streamed = Assert.Throws<InvalidDataException>(() => ExportStage.Run(options));
        var inMemory = Assert.Throws<InvalidDataException>(() => LabelTable.Read(labeled, allowFileKey: false));
        Assert.Equal(inMemory.Message, streamed.Message);
        Assert.Contains($"line {lines.Length + 1} repeats doc_id", streamed.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void A_spool_folder_left_by_a_killed_export_is_removed_and_a_running_one_kept()
    {
        var dir = Directory.CreateTempSubdirectory("pm-spool").FullName;
        // a process id that is not running: the largest pid_max Linux allows is 4,194,304
        var dead = Directory.CreateDirectory(Path.Combine(dir, ".export-spool.4194305.0123456789abcdef0123456789abcdef")).FullName;
        File.WriteAllText(Path.Combine(dead, "documents.jsonl"), "{}\n");
        var deadRows = Path.Combine(dir, ".review.csv.4194305.fedcba9876543210fedcba9876543210.rows"); // classify's, killed
        File.WriteAllText(deadRows, "row\n");
        var live = Directory.CreateDirectory(ScratchFiles.NewPath(dir, "export-spool")).FullName;
        var other = Directory.CreateDirectory(Path.Combine(dir, "network")).FullName;
        var userDotFile = Path.Combine(dir, ".notes.2024.bak"); // not a scratch name: never touched
        File.WriteAllText(userDotFile, "mine");
        ScratchFiles.RemoveStale(dir);
        Assert.False(Directory.Exists(dead));
        Assert.False(File.Exists(deadRows));
        Assert.True(Directory.Exists(live));
        Assert.True(Directory.Exists(other));
        Assert.True(File.Exists(userDotFile));
    }

    [Fact]
    public void Spill_sort_merges_runs_into_the_in_memory_order()
    {
        var dir = ExportFixture.TempDir();
        var rng = new Random(15);
        var items = Enumerable.Range(0, 5000).Select(i => ($"k{rng.Next(700):D4}", i)).ToList();
        var expected = items.OrderBy(x => x.Item1, StringComparer.Ordinal).ThenBy(x => x.Item2).ToList();
        Assert.Equal(expected, SpillSort.SortWithKeys(items, dir, "t", runSize: 64).ToList());
        Assert.Empty(Directory.GetFiles(dir));
    }

    /// <summary>file → SHA-256 as make_golden.py lists them (xlsx part by part; report.html masked).</summary>
    private static List<string> Digest(string output)
    {
        var lines = new List<string>();
        foreach (var path in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(output, path).Replace('\\', '/');
            if (path.EndsWith(".xlsx", StringComparison.Ordinal))
            {
                using var zip = ZipFile.OpenRead(path);
                foreach (var entry in zip.Entries)
                {
                    using var stream = entry.Open();
                    lines.Add($"{rel}!{entry.FullName} {Convert.ToHexStringLower(SHA256.HashData(stream))}");
                }
            }
            else if (Path.GetFileName(path) == "report.html")
            {
                lines.Add($"{rel} {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(MaskReport(File.ReadAllText(path)))))}");
            }
            else
            {
                lines.Add($"{rel} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    // Without the provenance table (build id, command line) and with each chart as its base64 length (PNG bytes can differ between Skia builds).
    private static string MaskReport(string text)
    {
        text = Regex.Replace(text, "<h2>来源 Provenance</h2>\n<table>\n.*?</table>\n", "", RegexOptions.Singleline);
        return Regex.Replace(text, "base64,([A-Za-z0-9+/=]+)", m => $"base64,<{m.Groups[1].Value.Length}>");
    }
}
