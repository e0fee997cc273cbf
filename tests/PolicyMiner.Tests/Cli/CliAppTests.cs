namespace PolicyMiner.Tests.Cli;

public class CliAppTests
{
    [Fact]
    public void Unknown_command_fails_with_a_message_on_stderr()
    {
        var result = CliRunner.Run("", "no-such-verb");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no-such-verb", result.Stderr, StringComparison.Ordinal);
    }
}
