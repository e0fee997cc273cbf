using System.CommandLine;
using PolicyMiner.Extraction;

namespace PolicyMiner.Cli;

/// <summary>The per-document bounds (size, memory, time) and isolation shared by <c>extract</c> and <c>run</c> (issue 12: one huge file never costs a batch).</summary>
internal sealed class ExtractLimits
{
    private readonly Option<int> maxFileMb = new("--max-file-mb")
    {
        Description = "Files larger than this many MB become an error row without being read (default 512).",
        DefaultValueFactory = _ => (int)(new ExtractOptions().MaxFileBytes >> 20),
    };

    private readonly Option<int> maxChars = new("--max-chars")
    {
        Description = "A document's text is cut after this many characters, flagged truncated (default 20000000).",
        DefaultValueFactory = _ => new ExtractOptions().MaxTextCharacters,
    };

    private readonly Option<int> maxMemoryMb = new("--max-memory-mb")
    {
        Description = "Memory limit per document, in MB: each worker process's GC heap (default: 4096, less if -j workers would not fit in 75 % of the machine's memory). A document over it becomes an error row.",
    };

    private readonly Option<int> timeout = new("--timeout")
    {
        Description = "Time limit per document, in seconds, OCR included (default 300). A document over it becomes an error row naming the page; its worker is replaced.",
        DefaultValueFactory = _ => (int)new ExtractOptions().DocumentTimeout.TotalSeconds,
    };

    private readonly Option<bool> inProcess = new("--in-process")
    {
        Description = "Extract on threads of this process instead of worker processes (no per-document memory bound; a crash in a reader ends the batch).",
    };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(maxFileMb);
        command.Options.Add(maxChars);
        command.Options.Add(maxMemoryMb);
        command.Options.Add(timeout);
        command.Options.Add(inProcess);
    }

    /// <summary>The options with the limits given on the command line.</summary>
    public ExtractOptions Apply(ParseResult parse, ExtractOptions options) => options with
    {
        MaxFileBytes = Math.Max(1, (long)parse.GetValue(maxFileMb)) << 20,
        MaxTextCharacters = Math.Max(1, parse.GetValue(maxChars)),
        // Issue 12: by default every document is read in a worker process, bounded in time and memory (ExtractWorkerPool).
        Workers = parse.GetValue(inProcess) ? null : ExtractWorkerCommand.Self(),
        MaxWorkerMemoryBytes = Math.Max(0L, parse.GetValue(maxMemoryMb)) << 20,
        DocumentTimeout = parse.GetValue(timeout) > 0 ? TimeSpan.FromSeconds(parse.GetValue(timeout)) : Timeout.InfiniteTimeSpan,
    };
}
