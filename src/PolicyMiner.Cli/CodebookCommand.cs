using System.CommandLine;
using System.Globalization;
using PolicyMiner.Classification;

namespace PolicyMiner.Cli;

/// <summary>
/// <c>policyminer codebook</c>: prints the codebook's tasks and labels (zh/en) as a table; <c>--init FILE</c> writes the
/// built-in codebook as an editable JSON file (refusing to overwrite one unless <c>--force</c>).
/// </summary>
internal static class CodebookCommand
{
    private static readonly string[] Header = ["code", "zh", "en", "seed words"];

    public static Command Create(CliConsole console)
    {
        var init = new Option<string?>("--init") { Description = "Write the built-in codebook to FILE (JSON) to edit; then pass it to train/evaluate/classify/run with --codebook FILE" };
        var force = new Option<bool>("--force") { Description = "With --init: overwrite FILE if it exists" };
        var codebook = new Option<string?>("--codebook") { Description = "Show this codebook JSON (checked as train would) instead of the built-in one" };
        var command = new Command("codebook", "Show the codebook's tasks and labels (built-in unless --codebook), or write an editable copy with --init FILE.")
        {
            init, force, codebook,
        };
        command.SetAction(parse => ClassificationCli.Guard(console, "codebook", () =>
        {
            if (parse.GetValue(init) is { } target)
            {
                if (parse.GetValue(codebook) is not null)
                {
                    throw new ArgumentException("--init writes the built-in codebook; to copy your own codebook file, copy the file.");
                }
                if (Directory.Exists(target))
                {
                    throw new ArgumentException($"--init {target}: is a folder; give a file name, e.g. {Path.Combine(target, "codebook.json")}.");
                }
                if (File.Exists(target) && !parse.GetValue(force))
                {
                    throw new ArgumentException($"--init {target}: the file exists already; not overwritten (your edits may be in it). Choose another name, or add --force to replace it with the built-in codebook.");
                }
                OutputCheck.EnsureWritableFile(target, "--init");
                var bytes = Codebook.BuiltInJson();
                AtomicFile.WriteStream(target, s => s.Write(bytes));
                console.Err.WriteLine($"codebook: wrote the built-in codebook to {target}; edit labels, definitions and seed words, then pass --codebook {target} to train, evaluate, classify and run.");
                return 0;
            }
            var book = Codebook.LoadOrBuiltIn(parse.GetValue(codebook), out _);
            var name = parse.GetValue(codebook) is { } path ? $"codebook {path}" : Codebook.BuiltInName;
            Print(console.Out, book, name, parse.GetValue(codebook) is null);
            return 0;
        }));
        return command;
    }

    /// <summary>Writes the tasks and their labels as aligned text tables (Chinese characters count two columns).</summary>
    internal static void Print(TextWriter w, Codebook book, string name, bool builtIn)
    {
        w.WriteLine($"{name} \"{book.Name}\": {book.Tasks.Count} task(s)" + (builtIn ? " — write an editable copy with `policyminer codebook --init codebook.json`" : ""));
        foreach (var task in book.Tasks)
        {
            w.WriteLine();
            var names = string.Join(" / ", new[] { task.Zh, task.En }.OfType<string>());
            var kind = task.TaskKind == TaskKind.Multiclass ? "multiclass: one label per document" : "multilabel: any number of labels, cells a;b";
            w.WriteLine($"{task.Name} ({kind}){(names.Length > 0 ? " — " + names : "")}");
            var rows = new List<string[]> { Header };
            foreach (var label in task.Labels)
            {
                var seeds = label.SeedWords.Take(5).ToList();
                var more = label.SeedWords.Count > seeds.Count ? string.Create(CultureInfo.InvariantCulture, $", … (+{label.SeedWords.Count - seeds.Count})") : "";
                rows.Add([label.Code, label.Zh ?? "", label.En ?? "", string.Join(", ", seeds) + more]);
            }
            var widths = Enumerable.Range(0, 3).Select(c => rows.Max(r => DisplayWidth(r[c]))).ToArray();
            foreach (var row in rows)
            {
                var line = "  " + string.Concat(Enumerable.Range(0, 3).Select(c => row[c] + new string(' ', widths[c] - DisplayWidth(row[c]) + 2))) + row[3];
                w.WriteLine(line.TrimEnd());
            }
        }
    }

    /// <summary>Terminal columns of a string: East Asian wide and full-width characters take two.</summary>
    internal static int DisplayWidth(string s)
    {
        var width = 0;
        foreach (var c in s)
        {
            width += c switch
            {
                >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3' or >= '\uF900' and <= '\uFAFF'
                    or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6' => 2,
                _ => 1, // a surrogate pair (CJK extension B and up) counts 1 + 1 = 2
            };
        }
        return width;
    }
}
