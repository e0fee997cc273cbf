using System.Text;

namespace PolicyMiner.Tests.Cli;

/// <summary><c>policyminer cut</c>; expected lines from <c>python3 -m jieba</c> 0.42.1 on the same input.</summary>
public sealed class CutCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pm-cut-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public void Cuts_stdin_line_by_line_with_the_default_delimiter_and_drops_cr()
    {
        var r = CliRunner.Run("我来到北京清华大学\r\n\r\n他来到了网易杭研大厦\n", "cut");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("我 / 来到 / 北京 / 清华大学\n\n他 / 来到 / 了 / 网易 / 杭研 / 大厦\n", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Cuts_a_file_with_options_like_python_m_jieba()
    {
        var path = Write("in.txt", "我来到北京清华大学");
        Assert.Equal("我|来到|北京|清华|清华大学|华大|大学\n", CliRunner.Run("", "cut", "-a", "-d", "|", path).Stdout);
        Assert.Equal("我_r / 来到_v / 北京_ns / 清华大学_nt\n", CliRunner.Run("", "cut", path, "-p").Stdout);
        Assert.Equal("我/r 来到/v 北京/ns 清华大学/nt\n", CliRunner.Run("", "cut", "-p", "/", "-d", " ", path).Stdout);
        Assert.Equal("我 来到 北京 清华 华大 大学 清华大学\n", CliRunner.Run("", "cut", "--search", path, "-d").Stdout);
        Assert.Equal("他 / 来到 / 了 / 网易 / 杭 / 研 / 大厦\n", CliRunner.Run("他来到了网易杭研大厦", "cut", "-n").Stdout);
    }

    [Fact]
    public void User_dictionary_option_adds_words()
    {
        var dict = Write("user.txt", "杭研 10 nt\n");
        Assert.Equal("他 / 来到 / 了 / 网易 / 杭研 / 大厦\n", CliRunner.Run("他来到了网易杭研大厦", "cut", "-n", "-u", dict).Stdout);
    }

    [Fact]
    public void Readme_demo_file_segments()
    {
        var demo = Path.Combine(SharedData.RepoRoot, "corpora", "sample", "segment-demo.txt");
        var r = CliRunner.Run("", "cut", demo);
        Assert.Equal(0, r.ExitCode);
        var lines = File.ReadAllText(demo).Split('\n');
        var output = r.Stdout.Split('\n');
        Assert.Equal(lines.Length, output.Length);
        Assert.Equal("第一条 /   / 为了 / 加强 / 对 / 上海 / 航运 / 交易所 / 的 / 管理 / ， / 维护 / 航运 / 交易 / 秩序 / ， / 促进 / 水路 / 货物 / 运输业 / 的 / 发展 / ， / 制定 / 本 / 规定 / 。", output[5]);
    }

    [Fact]
    public void Missing_input_file_is_an_error_on_stderr()
    {
        var r = CliRunner.Run("", "cut", Path.Combine(_dir, "missing.txt"));
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("missing.txt", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Bad_user_dictionary_line_is_an_error_naming_file_and_line()
    {
        var dict = Write("user.txt", "杭研 10 nt\n云计算 123456789012345678901234\n");
        var r = CliRunner.Run("他来到了网易杭研大厦", "cut", "-u", dict);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains($"{dict}:2:", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_dictionary_option_replaces_the_embedded_dictionary()
    {
        var dict = Write("dict.txt", "中国 100 ns\n人民 50 n\n中国人 1 n\n");
        var r = CliRunner.Run("中国人民", "cut", "-n", "-D", dict, "-p");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("中国_ns / 人民_n\n", r.Stdout);
    }

    [Fact]
    public void Cut_all_and_search_together_is_a_usage_error()
    {
        var r = CliRunner.Run("中国人民", "cut", "-a", "--search");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("choose one", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }
}
