using System.CommandLine;
using System.Text;
using PolicyMiner.Segmentation;
using PolicyMiner.Segmentation.Keywords;

namespace PolicyMiner.Cli;

/// <summary>
/// <c>policyminer keywords [FILE] [--textrank] [-k N]</c>: the keywords of one document (the whole file or standard
/// input), as <c>jieba.analyse.extract_tags</c> / <c>jieba.analyse.textrank</c> 0.42.1 compute them; prints
/// <c>word&lt;TAB&gt;weight</c> per line, best first, the weight as Python prints it.
/// </summary>
internal static class KeywordsCommand
{
    public static Command Create(CliConsole console)
    {
        var textRank = new Option<bool>("--textrank") { Description = "Use TextRank (co-occurrence graph) instead of TF-IDF." };
        var topK = new Option<int>("--top-k", "-k")
        {
            Description = "How many keywords to print (0 = all).",
            HelpName = "N",
            DefaultValueFactory = _ => 20,
        };
        var allowPos = new Option<string?>("--allow-pos")
        {
            Description = "Keep only words with these part-of-speech flags, comma-separated (jieba's allowPOS; TextRank default: ns,n,vn,v; TF-IDF default: no filter).",
            HelpName = "FLAGS",
        };
        var stopWords = new Option<string?>("--stop-words")
        {
            Description = "Also ignore the words in this UTF-8 file, one per line (jieba.analyse.set_stop_words).",
            HelpName = "FILE",
        };
        var userDict = new Option<string?>("--user-dict", "-u") { Description = "Also load this user dictionary (word [freq] [tag] per line).", HelpName = "USER_DICT" };
        var file = new Argument<string?>("FILE")
        {
            Description = "UTF-8 text file (one document); standard input if omitted.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("keywords", "Print the keywords of a Chinese document with their weights (TF-IDF or TextRank), exactly as Python jieba 0.42.1.")
        {
            textRank, topK, allowPos, stopWords, userDict, file,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(file),
            parse.GetValue(textRank),
            parse.GetValue(topK),
            parse.GetValue(allowPos),
            parse.GetValue(stopWords),
            parse.GetValue(userDict)));
        return command;
    }

    private static int Run(CliConsole console, string? inputPath, bool textRank, int topK, string? allowPos,
        string? stopWordsPath, string? userDictPath)
    {
        if (topK < 0)
        {
            console.Err.WriteLine($"error: --top-k must be 0 (all) or a positive number, not {topK}.");
            return CliApp.ExitError;
        }
        string text;
        KeywordExtractor extractor;
        try
        {
            text = ReadDocument(inputPath, console.In);
            var tokenizer = JiebaTokenizer.Default;
            if (userDictPath is not null)
            {
                tokenizer = JiebaTokenizer.Create();
                tokenizer.LoadUserDictionary(userDictPath);
            }
            extractor = new KeywordExtractor(tokenizer);
            if (stopWordsPath is not null)
            {
                extractor = extractor.WithStopWordsFile(stopWordsPath);
            }
        }
        catch (DecoderFallbackException)
        {
            console.Err.WriteLine($"error: {inputPath ?? "standard input"} is not valid UTF-8; convert it to UTF-8 first.");
            return CliApp.ExitError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or DictionaryFormatException)
        {
            console.Err.WriteLine($"error: {e.Message}");
            return CliApp.ExitError;
        }

        IReadOnlyCollection<string>? flags = allowPos?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var keywords = textRank ? extractor.TextRank(text, topK, flags) : extractor.ExtractTfIdf(text, topK, flags);
        foreach (var k in keywords)
        {
            console.Out.Write(k.Word);
            console.Out.Write('\t');
            console.Out.Write(k.FormatWeight());
            console.Out.Write('\n');
        }
        return 0;
    }

    /// <summary>The whole input as one document; UTF-8 (a BOM is dropped), invalid bytes are an error.</summary>
    private static string ReadDocument(string? path, TextReader stdin)
    {
        if (path is null)
        {
            return stdin.ReadToEnd();
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"input file '{path}' does not exist; give the path of a UTF-8 text file, or pipe the text in.", path);
        }
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
