using System.Diagnostics;
using PolicyMiner.Classification;

namespace PolicyMiner.Tests.Cli;

/// <summary>The built-in codebook (embedded from corpora/codebook.json), <c>policyminer codebook</c>, and its use from any folder.</summary>
public class CodebookCommandTests
{
    private static string RepoCodebook => Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");
    private static string Sample => Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");

    private static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-cb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Runs the built CLI as its own process in <paramref name="workingDirectory"/> (the in-process runner
    /// cannot change the working folder without disturbing tests running beside it).</summary>
    private static CliRunner.Result RunIn(string workingDirectory, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "PolicyMiner.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliRunner.Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Built_in_codebook_is_the_repository_file_byte_for_byte()
    {
        Assert.Equal(File.ReadAllBytes(RepoCodebook), Codebook.BuiltInJson());
        var builtIn = Codebook.BuiltIn;
        var file = Codebook.Load(RepoCodebook);
        Assert.Equal(file.Tasks.Select(t => (t.Name, string.Join(",", t.Codes))), builtIn.Tasks.Select(t => (t.Name, string.Join(",", t.Codes))));
    }

    [Fact]
    public void Codebook_verb_prints_tasks_and_labels_with_zh_and_en_names()
    {
        var r = CliRunner.Run("", "codebook");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("built-in codebook", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("fields (multilabel", r.Stdout, StringComparison.Ordinal);
        var economic = r.Stdout.Split('\n').Single(l => l.TrimStart().StartsWith("economic ", StringComparison.Ordinal));
        Assert.Contains("经济", economic, StringComparison.Ordinal);
        // columns line up on screen: the en column starts at the same display column in every row of a task
        var fieldRows = r.Stdout.Split('\n').SkipWhile(l => !l.StartsWith("fields", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal(10, fieldRows.Count);
        var enColumn = fieldRows.Select(l => global::PolicyMiner.Cli.CodebookCommand.DisplayWidth(System.Text.RegularExpressions.Regex.Match(l, @"^  \S+\s{2,}\S+\s{2,}").Value)).Distinct();
        Assert.Single(enColumn);
    }

    [Fact]
    public void Init_writes_the_built_in_codebook_and_refuses_to_overwrite_without_force()
    {
        var dir = TempDir();
        var target = Path.Combine(dir, "codebook.json");
        var first = CliRunner.Run("", "codebook", "--init", target);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(File.ReadAllBytes(RepoCodebook), File.ReadAllBytes(target));
        File.WriteAllText(target, "{ \"my\": \"edits\" }");
        var again = CliRunner.Run("", "codebook", "--init", target);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("exists already", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", again.Stderr, StringComparison.Ordinal);
        Assert.Equal("{ \"my\": \"edits\" }", File.ReadAllText(target));
        Assert.Equal(0, CliRunner.Run("", "codebook", "--init", target, "--force").ExitCode);
        Assert.Equal(File.ReadAllBytes(RepoCodebook), File.ReadAllBytes(target));
    }

    [Fact]
    public void Edited_codebook_given_with_codebook_overrides_the_built_in_one()
    {
        var dir = TempDir();
        var edited = Path.Combine(dir, "mine.json");
        File.WriteAllText(edited, """
            { "name": "mine", "tasks": [ { "name": "topic", "kind": "multiclass", "labels": [
              { "code": "roads", "zh": "道路", "seed_words": ["公路", "道路"] }, { "code": "water", "zh": "水利", "seed_words": ["水利", "河道"] } ] } ] }
            """);
        var shown = CliRunner.Run("", "codebook", "--codebook", edited);
        Assert.Contains("topic (multiclass", shown.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("fields", shown.Stdout, StringComparison.Ordinal);
        var output = Path.Combine(dir, "labeled.csv");
        var r = CliRunner.Run("", "classify", "--seed-words", "--codebook", edited, "--docs", Path.Combine(Sample, "new"), "-o", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"codebook {edited} (topic)", r.Stderr, StringComparison.Ordinal);
        Assert.Contains(",topic,topic_prob,", File.ReadLines(output).First(), StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_words_and_train_use_the_built_in_codebook_from_another_working_folder()
    {
        var dir = TempDir(); // no corpora/ here
        var cold = RunIn(dir, "classify", "--seed-words", "--docs", Path.Combine(Sample, "new"), "-o", "cold.csv");
        Assert.True(cold.ExitCode == 0, cold.Stderr);
        Assert.Contains("classify: built-in codebook (type, fields)", cold.Stderr, StringComparison.Ordinal);
        Assert.Contains("policyminer codebook --init codebook.json", cold.Stderr, StringComparison.Ordinal);
        Assert.Contains("not calibrated probabilities", cold.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "cold.csv")));

        // neither a model nor seed words: the shipped fields model, and the built-in codebook's seed words for type
        var shipped = RunIn(dir, "classify", "--docs", Path.Combine(Sample, "new"), "-o", "shipped.csv");
        Assert.True(shipped.ExitCode == 0, shipped.Stderr);
        Assert.Contains("classify: built-in codebook (type, fields)", shipped.Stderr, StringComparison.Ordinal);
        Assert.Contains(",type,type_prob,", File.ReadLines(Path.Combine(dir, "shipped.csv")).First(), StringComparison.Ordinal);

        var train = RunIn(dir, "train", "--docs", Path.Combine(Sample, "docs"), "--labels", Path.Combine(Sample, "labels.csv"), "--model", "m", "--no-cv");
        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Contains("train: built-in codebook (type, fields)", train.Stderr, StringComparison.Ordinal);
        var card = ClassifierModel.TryReadCard(Path.Combine(dir, "m"))!;
        Assert.Equal("fields", Assert.Single(card.Tasks).Name);
        Assert.Equal("policyminer-agreements", card.Codebook.Name);
    }

    [Fact]
    public void Run_with_seed_words_and_no_codebook_records_the_built_in_codebook_in_the_manifest()
    {
        var dir = TempDir();
        var input = Path.Combine(dir, "in");
        Directory.CreateDirectory(input);
        File.Copy(Path.Combine(Sample, "new", "R0035.md"), Path.Combine(input, "R0035.md"));
        var output = Path.Combine(dir, "out");
        var r = CliRunner.Run("", "run", input, "--seed-words", "--ocr", "off", "-o", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("run: classify: built-in codebook (type, fields)", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("not calibrated probabilities", r.Stderr, StringComparison.Ordinal);
        var manifest = PolicyMiner.Pipeline.RunManifest.TryRead(Path.Combine(output, PolicyMiner.Pipeline.RunManifest.FileName))!;
        Assert.Equal(PolicyMiner.Pipeline.RunPipeline.BuiltInCodebook, manifest.Options["codebook"]);
        Assert.Equal(PolicyMiner.Pipeline.RunPipeline.BuiltInCodebook, manifest.Model!.Path);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Codebook.BuiltInJson())), manifest.Model.Sha256);
        // the dataset's variable labels call seed-word numbers scores, not probabilities
        var stata = File.ReadAllText(Path.Combine(output, "dataset.do"));
        Assert.Contains("type: seed-word score of the predicted label (not a probability)", stata, StringComparison.Ordinal);
        Assert.DoesNotContain("probability of the predicted label", stata, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_not_in_the_built_in_codebook_takes_its_labels_from_the_column()
    {
        var dir = TempDir();
        var bills = File.ReadAllLines(Path.Combine(SharedData.Root, "corpora", "us-congress-bills", "labels.csv"));
        var keep = new[] { "health", "defense" };
        var subset = Path.Combine(dir, "bills.csv");
        File.WriteAllLines(subset, bills.Take(1).Concat(bills.Skip(1).Where(l => keep.Any(k => l.EndsWith("," + k, StringComparison.Ordinal))).Take(40)));
        var r = CliRunner.Run("", "train", "--docs", subset, "--labels", subset, "--task", "topic", "--model", Path.Combine(dir, "m"), "--no-cv");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("the built-in codebook has no task topic", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(["defense", "health"], ClassifierModel.TryReadCard(Path.Combine(dir, "m"))!.Codebook.Tasks.Single().Codes);
    }

    [Fact]
    public void Help_names_the_command_policyminer()
    {
        var r = CliRunner.Run("", "--help");
        Assert.Contains("policyminer [command] [options]", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("PolicyMiner.Cli", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("policyminer train [options]", CliRunner.Run("", "train", "--help").Stdout, StringComparison.Ordinal);
    }
}
