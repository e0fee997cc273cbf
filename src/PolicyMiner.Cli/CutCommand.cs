using System.CommandLine;
using System.Text;
using PolicyMiner.Segmentation;

namespace PolicyMiner.Cli;

/// <summary>
/// <c>policyminer cut [FILE]</c>: Chinese word segmentation, line by line, mirroring <c>python -m jieba</c>
/// (same flags and output), plus <c>--search</c>.
/// </summary>
internal static class CutCommand
{
    public static Command Create(CliConsole console)
    {
        var delimiter = new Option<string?>("--delimiter", "-d")
        {
            Description = "Put DELIM between words instead of ' / ' (a space if -d is given without DELIM).",
            HelpName = "DELIM",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var cutAll = new Option<bool>("--cut-all", "-a") { Description = "Full mode: every dictionary word found (ignored with --pos)." };
        var noHmm = new Option<bool>("--no-hmm", "-n") { Description = "Don't use the Hidden Markov Model for unknown words." };
        var search = new Option<bool>("--search") { Description = "Search mode: words plus their dictionary 2- and 3-grams." };
        var pos = new Option<string?>("--pos", "-p")
        {
            Description = "Tag parts of speech: word + DELIM + flag (DELIM defaults to '_').",
            HelpName = "DELIM",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var dict = new Option<string?>("--dict", "-D") { Description = "Use this main dictionary file (word freq [tag]) instead of jieba's.", HelpName = "DICT" };
        var userDict = new Option<string?>("--user-dict", "-u") { Description = "Also load this user dictionary (word [freq] [tag] per line).", HelpName = "USER_DICT" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Accepted for compatibility with python -m jieba (nothing is logged anyway)." };
        var file = new Argument<string?>("FILE")
        {
            Description = "UTF-8 text file to segment; standard input if omitted.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("cut", "Segment Chinese text into words exactly as Python jieba 0.42.1 does, one output line per input line.")
        {
            delimiter, cutAll, noHmm, search, pos, dict, userDict, quiet, file,
        };
        command.SetAction(parse =>
        {
            var delimResult = parse.GetResult(delimiter);
            var options = new CutOptions(
                Delimiter: delimResult is null ? " / " : parse.GetValue(delimiter) ?? " ",
                CutAll: parse.GetValue(cutAll),
                Hmm: !parse.GetValue(noHmm),
                Search: parse.GetValue(search),
                PosDelimiter: parse.GetResult(pos) is null ? null : parse.GetValue(pos) ?? "_",
                DictPath: parse.GetValue(dict),
                UserDictPath: parse.GetValue(userDict),
                InputPath: parse.GetValue(file));
            return Run(options, console);
        });
        return command;
    }

    private sealed record CutOptions(string Delimiter, bool CutAll, bool Hmm, bool Search, string? PosDelimiter,
        string? DictPath, string? UserDictPath, string? InputPath);

    private static int Run(CutOptions o, CliConsole console)
    {
        if (o.CutAll && o.Search && o.PosDelimiter is null)
        {
            console.Err.WriteLine("error: --cut-all and --search are different modes; choose one.");
            return CliApp.ExitError;
        }
        JiebaTokenizer jieba;
        TextReader? fileReader = null;
        try
        {
            jieba = o.DictPath is null ? (o.UserDictPath is null ? JiebaTokenizer.Default : JiebaTokenizer.Create())
                : JiebaTokenizer.FromDictionary(o.DictPath);
            if (o.UserDictPath is not null)
            {
                jieba.LoadUserDictionary(o.UserDictPath);
            }
            if (o.InputPath is not null)
            {
                // UTF-8; a BOM is removed. NOTE: Python keeps a BOM as the first character of line 1.
                fileReader = new StreamReader(o.InputPath, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
            }
        }
        catch (DictionaryFormatException e)
        {
            console.Err.WriteLine($"error: {e.Message}");
            return CliApp.ExitError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Err.WriteLine($"error: cannot read '{o.InputPath}': {e.Message} Check the path, or pipe the text on standard input.");
            return CliApp.ExitError;
        }
        using (fileReader)
        {
            var input = fileReader ?? console.In;
            int lineNo = 0;
            try
            {
                foreach (var line in ReadLines(input))
                {
                    lineNo++;
                    console.Out.Write(Segment(jieba, line, o));
                    console.Out.Write('\n');
                }
            }
            catch (DecoderFallbackException)
            {
                console.Err.WriteLine($"error: {o.InputPath ?? "standard input"} line {lineNo + 1} is not valid UTF-8; convert the file to UTF-8 first.");
                return CliApp.ExitError;
            }
            catch (IOException e)
            {
                console.Err.WriteLine($"error: reading {o.InputPath ?? "standard input"} failed at line {lineNo + 1}: {e.Message}");
                return CliApp.ExitError;
            }
        }
        return 0;
    }

    private static string Segment(JiebaTokenizer jieba, string line, CutOptions o)
    {
        if (o.PosDelimiter is { } posDelim)
        {
            return string.Join(o.Delimiter, jieba.CutWithPos(line, o.Hmm).Select(p => p.Word + posDelim + p.Flag));
        }
        var words = o.CutAll ? jieba.CutAll(line) : o.Search ? jieba.CutForSearch(line, o.Hmm) : jieba.Cut(line, o.Hmm);
        return string.Join(o.Delimiter, words);
    }

    /// <summary>
    /// Lines split on '\n' only, with trailing CR/LF removed as Python's <c>rstrip('\r\n')</c> (so CRLF files work).
    /// NOTE: a lone CR inside a line stays in the line (Python's text mode would start a new line there).
    /// </summary>
    private static IEnumerable<string> ReadLines(TextReader reader)
    {
        var line = new StringBuilder();
        var buffer = new char[1 << 16];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            int start = 0;
            for (int i = 0; i < read; i++)
            {
                if (buffer[i] != '\n') { continue; }
                line.Append(buffer, start, i - start);
                yield return TrimEnd(line);
                line.Clear();
                start = i + 1;
            }
            line.Append(buffer, start, read - start);
        }
        if (line.Length > 0) { yield return TrimEnd(line); }
    }

    private static string TrimEnd(StringBuilder line)
    {
        int end = line.Length;
        while (end > 0 && line[end - 1] is '\r' or '\n') { end--; }
        return line.ToString(0, end);
    }
}
