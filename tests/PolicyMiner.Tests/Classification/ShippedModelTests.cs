using System.Security.Cryptography;
using PolicyMiner.Classification;
using PolicyMiner.Tests.Cli;

namespace PolicyMiner.Tests.Classification;

/// <summary>The shipped fields model (models/fields-regulations): intact, found beside the program, reproducible.</summary>
public class ShippedModelTests
{
    private static readonly string InRepo = Path.Combine(SharedData.RepoRoot, "models", ShippedModels.FieldsName);

    [Fact]
    public void Shipped_model_matches_its_card_and_is_copied_beside_the_program()
    {
        var card = ClassifierModel.TryReadCard(InRepo) ?? throw new InvalidOperationException("no model-card.json in models/fields-regulations");
        Assert.Equal(card.ModelSha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(InRepo, "model.zip")))));
        Assert.Equal(500, card.TrainingDocuments);
        Assert.Contains("AI research assistants", card.About, StringComparison.Ordinal);
        Assert.NotNull(card.Tasks.Single(t => t.Name == "fields").Metrics?.HumanAgreement);
        Assert.True(ShippedModels.FieldsAvailable, $"not copied to {ShippedModels.FieldsDirectory}");
        Assert.Equal(File.ReadAllBytes(Path.Combine(InRepo, "model.zip")), File.ReadAllBytes(Path.Combine(ShippedModels.FieldsDirectory, "model.zip")));
    }

    [Fact]
    public void Retraining_as_the_script_does_reproduces_the_shipped_model_zip_byte_for_byte()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-ship-" + Guid.NewGuid().ToString("N"));
        var regs = SharedData.PathOf("corpora", "regulations");
        // The script also cross-validates for the card; CV does not change the fitted model, so the test skips it.
        var r = CliRunner.Run("", "train", "--docs", Path.Combine(regs, "docs"), "--labels", Path.Combine(regs, "labels.csv"),
            "--codebook", Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json"), "--model", dir, "--seed", "42", "--no-cv",
            "--about", File.ReadAllText(Path.Combine(InRepo, "ABOUT.txt")));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.True(File.ReadAllBytes(Path.Combine(InRepo, "model.zip")).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(dir, "model.zip"))),
            "models/fields-regulations/model.zip is not what the code trains now: run `bash models/fields-regulations/train.sh` and commit the result.");
    }

    [Fact]
    public void Classify_and_run_without_a_model_code_fields_with_the_shipped_model_and_type_from_seed_words()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pm-ship-" + Guid.NewGuid().ToString("N"));
        var newDocs = Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations", "new");
        var codebook = Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");
        var output = Path.Combine(dir, "labeled.csv");
        var r = CliRunner.Run("", "classify", "--docs", newDocs, "--codebook", codebook, "-o", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("fields from the shipped model 'fields-regulations'", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("type from the codebook's seed words", r.Stderr, StringComparison.Ordinal);
        var header = File.ReadAllLines(output)[0].TrimStart('\uFEFF').Split(',');
        Assert.Contains("type", header);
        Assert.Contains("fields_agriculture_prob", header);
        Assert.Contains("fields_evidence", header);

        var run = CliRunner.Run("", "run", newDocs, "--codebook", codebook, "--ocr", "off", "-o", Path.Combine(dir, "run"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(File.ReadAllBytes(output), File.ReadAllBytes(Path.Combine(dir, "run", "labeled.csv")));
        var manifest = File.ReadAllText(Path.Combine(dir, "run", "manifest.json"));
        Assert.Contains("\"shipped\"", manifest, StringComparison.Ordinal);
        // The report says which model coded the documents and what it is.
        var report = File.ReadAllText(Path.Combine(dir, "run", "report.html"));
        Assert.Contains("fields-regulations", report, StringComparison.Ordinal);
        Assert.Contains("AI research assistants", report, StringComparison.Ordinal);
    }
}
