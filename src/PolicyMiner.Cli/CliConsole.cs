using System.Text;

namespace PolicyMiner.Cli;

/// <summary>
/// The streams a command reads and writes. Commands never touch <see cref="Console"/> directly, so tests run
/// them in-process with string readers/writers and assert exit code, stdout and stderr (csharpier's habit).
/// </summary>
/// <param name="In">Standard input (text, UTF-8).</param>
/// <param name="Out">Data: stdout, UTF-8 without BOM.</param>
/// <param name="Err">Logs, progress and errors: stderr.</param>
/// <param name="IsErrorRedirected">True when stderr is not a terminal (no live progress display then).</param>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Err, bool IsErrorRedirected)
{
    /// <summary>The process's console streams, all UTF-8 without BOM.</summary>
    public static CliConsole Standard
    {
        get
        {
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            var stdin = new StreamReader(Console.OpenStandardInput(), utf8, detectEncodingFromByteOrderMarks: true);
            var stdout = new StreamWriter(Console.OpenStandardOutput(), utf8, bufferSize: 1 << 16) { AutoFlush = false };
            var stderr = new StreamWriter(Console.OpenStandardError(), utf8) { AutoFlush = true };
            return new CliConsole(stdin, stdout, stderr, Console.IsErrorRedirected);
        }
    }

    /// <summary>
    /// Ends a batch that left error rows (extract, run, merge): says how many and where they are, lists the first ten
    /// errors (each names the file and what to do) and returns the exit code for "done, with error rows".
    /// </summary>
    public int ErrorRows(string lead, string documentsPath, IEnumerable<string?> errors, int count)
    {
        Err.WriteLine($"{lead}; their error rows (field \"error\": what went wrong and what to do) are in {documentsPath} and {PolicyMiner.Extraction.DocumentsCsv.PathFor(documentsPath)}:");
        foreach (var e in errors.Take(10))
        {
            Err.WriteLine("  " + e);
        }
        if (count > 10)
        {
            Err.WriteLine($"  … and {count - 10} more");
        }
        return CliApp.ExitError;
    }
}
