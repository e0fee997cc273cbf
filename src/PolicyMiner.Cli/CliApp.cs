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
        // A worker (started by extract with exactly this argument) goes straight to work: building the command tree of
        // every verb is start-up cost that each of -j workers would pay again (issue 13).
        if (args is [ExtractWorkerCommand.Name])
        {
            return ExtractWorkerCommand.Serve();
        }
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

    /// <summary>The command name in help and messages, whatever the executable is called (PolicyMiner.Cli.dll under
    /// <c>dotnet run</c>, the <c>policyminer</c> shim of an installed tool).</summary>
    public const string CommandName = "policyminer";

    /// <summary>The root command with every stage verb.</summary>
    public static Command BuildRoot(CliConsole console)
    {
        // A plain Command named policyminer, not RootCommand: RootCommand takes its name from the executable
        // (PolicyMiner.Cli), which is what help printed. RootCommand's --help and --version are added by hand.
        var root = new Command(CommandName,
            "PolicyMiner: turn Chinese and English policy documents (inter-governmental agreements) into coded datasets.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };
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
        yield return CodebookCommand.Create(console);
        yield return NextCommand.Create(console);
        yield return SegmentCommand.Create(console);
        yield return RunCommand.Create(console);
        yield return MergeCommand.Create(console);
        yield return ExtractWorkerCommand.Create();
    }
}
