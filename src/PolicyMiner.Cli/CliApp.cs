using System.CommandLine;

namespace PolicyMiner.Cli;

/// <summary>Builds the <c>policyminer</c> command tree; one file per command (<c>*Command.cs</c>).</summary>
public static class CliApp
{
    /// <summary>Exit code for bad input or usage; 0 = success.</summary>
    public const int ExitError = 1;

    /// <summary>Runs the CLI with the given arguments and streams; returns the process exit code.</summary>
    public static int Run(string[] args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var root = BuildRoot(console);
        var config = new InvocationConfiguration { Output = console.Out, Error = console.Err };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        finally
        {
            console.Out.Flush();
            console.Err.Flush();
        }
    }

    /// <summary>The root command with every stage verb.</summary>
    public static RootCommand BuildRoot(CliConsole console)
    {
        var root = new RootCommand(
            "PolicyMiner: turn Chinese and English policy documents (inter-governmental agreements) into coded datasets.");
        foreach (var command in Commands(console))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    // One line per command; each command lives in its own file.
    private static IEnumerable<Command> Commands(CliConsole console)
    {
        yield return ExportCommand.Create(console);
        yield return CutCommand.Create(console);
        yield return ExtractCommand.Create(console);
        yield return KeywordsCommand.Create(console);
        yield return TrainCommand.Create(console);
        yield return EvaluateCommand.Create(console);
        yield return ClassifyCommand.Create(console);
        yield return NextCommand.Create(console);
        yield return SegmentCommand.Create(console);
        yield return RunCommand.Create(console);
    }
}
