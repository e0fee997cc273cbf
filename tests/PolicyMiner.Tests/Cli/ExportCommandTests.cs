using PolicyMiner.Tests.Export;

namespace PolicyMiner.Tests.Cli;

public class ExportCommandTests
{
    [Fact]
    public void Export_writes_dataset_and_network_files_and_exits_zero()
    {
        var dir = ExportFixture.TempDir();
        var r = CliRunner.Run("", "export", "--docs", ExportFixture.Documents, "--labels", ExportFixture.Labeled,
            "--coded", ExportFixture.Coded, "--model", ExportFixture.Card, "-o", dir, "--network", "--by-year",
            "--by-field", "fields", "--weighting", "fractional");
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (var f in new[] { "dataset.csv", "dataset.do", "dataset.xlsx", "dataset.jsonl", "network/network.graphml",
            "network/network.net", "network/network_edgelist.dl", "network/network_matrix.dl", "network/two_mode.csv",
            "network/edges_by_year.csv", "network/edges_by_fields.csv", "network/nodes.csv" })
        {
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        }
        Assert.Contains("fractional weighting", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Unknown_by_field_task_fails_and_lists_the_known_tasks()
    {
        var r = CliRunner.Run("", "export", "--docs", ExportFixture.Documents, "--labels", ExportFixture.Labeled,
            "-o", ExportFixture.TempDir(), "--network", "--by-field", "feilds");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("feilds", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("known: fields", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_documents_file_is_an_error_naming_it()
    {
        var r = CliRunner.Run("", "export", "--docs", "no-such/documents.jsonl", "-o", ExportFixture.TempDir());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no-such/documents.jsonl", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("policyminer extract", r.Stderr, StringComparison.Ordinal);
    }
}
