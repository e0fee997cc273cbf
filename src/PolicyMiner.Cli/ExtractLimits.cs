using System.CommandLine;
using PolicyMiner.Extraction;

namespace PolicyMiner.Cli;

/// <summary>The per-document size bounds shared by <c>extract</c> and <c>run</c> (issue 12: one huge file never costs a batch).</summary>
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

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(maxFileMb);
        command.Options.Add(maxChars);
    }

    /// <summary>The options with the limits given on the command line.</summary>
    public ExtractOptions Apply(ParseResult parse, ExtractOptions options) => options with
    {
        MaxFileBytes = Math.Max(1, (long)parse.GetValue(maxFileMb)) << 20,
        MaxTextCharacters = Math.Max(1, parse.GetValue(maxChars)),
    };
}
