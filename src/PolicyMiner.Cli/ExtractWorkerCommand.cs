using System.CommandLine;
using PolicyMiner.Extraction.Isolation;

namespace PolicyMiner.Cli;

/// <summary>
/// <c>policyminer extract-worker</c> (hidden): the worker process of <c>extract</c> and <c>run</c>
/// (<see cref="ExtractWorkerPool"/>). Speaks length-prefixed JSON on stdin/stdout; not for people.
/// </summary>
internal static class ExtractWorkerCommand
{
    public const string Name = "extract-worker";

    public static Command Create()
    {
        var command = new Command(Name, "Internal: the worker process of extract (length-prefixed JSON on stdin/stdout).") { Hidden = true };
        command.SetAction(_ => Serve());
        return command;
    }

    /// <summary>Serves the parent on this process's standard input and output until it closes them.</summary>
    public static int Serve()
    {
        var output = Console.OpenStandardOutput();
        Console.SetOut(Console.Error); // stdout carries the protocol only; anything printed goes to stderr
        return ExtractWorkerHost.Serve(Console.OpenStandardInput(), output);
    }

    /// <summary>
    /// How to start this program as a worker: under the <c>dotnet</c> host (also when the CLI runs inside another host,
    /// e.g. tests) <c>dotnet PolicyMiner.Cli.dll extract-worker</c>, else the executable itself (the installed tool).
    /// </summary>
    public static ExtractWorkerStart Self()
    {
        var dll = typeof(ExtractWorkerCommand).Assembly.Location;
        var process = Environment.ProcessPath;
        var processName = Path.GetFileNameWithoutExtension(process ?? "");
        if (process is not null && string.Equals(processName, "PolicyMiner.Cli", StringComparison.OrdinalIgnoreCase))
        {
            return new ExtractWorkerStart(process, [Name]);
        }
        var host = process is not null && string.Equals(processName, "dotnet", StringComparison.OrdinalIgnoreCase)
            ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } sdkHost ? sdkHost : "dotnet";
        return new ExtractWorkerStart(host, [dll, Name]);
    }
}
