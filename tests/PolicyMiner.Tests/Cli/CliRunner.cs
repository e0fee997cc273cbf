using PolicyMiner.Cli;

namespace PolicyMiner.Tests.Cli;

/// <summary>Runs <c>policyminer</c> in-process and captures exit code, stdout and stderr.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, new CliConsole(input, output, error, IsErrorRedirected: true));
        return new Result(code, output.ToString(), error.ToString());
    }
}
