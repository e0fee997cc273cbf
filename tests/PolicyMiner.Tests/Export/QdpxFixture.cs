using System.IO.Compression;
using System.Xml.Linq;
using PolicyMiner.Tests.Cli;

namespace PolicyMiner.Tests.Export;

/// <summary>
/// The committed sample regulations (48 real State Council texts with two coders' field codes) taken through the CLI
/// once for all REFI-QDA tests: extract → train → classify (with evidence) → export --qdpx with the hand codes.
/// </summary>
public sealed class QdpxFixture
{
    public static string Sample => Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations");

    public static string Codebook => Path.Combine(SharedData.RepoRoot, "corpora", "codebook.json");

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "pm-qdpx-" + Guid.NewGuid().ToString("N"));

    public string Documents => Path.Combine(Dir, "documents.jsonl");

    public string Model => Path.Combine(Dir, "m0");

    public string Labeled => Path.Combine(Dir, "labeled.csv");

    public string Project => Path.Combine(Dir, "export", "project.qdpx");

    public string ExportLog { get; }

    public QdpxFixture()
    {
        Directory.CreateDirectory(Dir);
        Ok("extract", Path.Combine(Sample, "docs"), "-o", Documents);
        Ok("train", "--docs", Documents, "--labels", Path.Combine(Sample, "labels.csv"), "--codebook", Codebook, "--model", Model, "--no-cv");
        Ok("classify", "--docs", Documents, "--model", Model, "-o", Labeled);
        ExportLog = Ok("export", "--docs", Documents, "--labels", Labeled, "--coded", Path.Combine(Sample, "labels.csv"), "--model", Model,
            "-o", Path.Combine(Dir, "export"), "--formats", "csv", "--qdpx", Project).Stderr;
    }

    internal static CliRunner.Result Ok(params string[] args)
    {
        var r = CliRunner.Run("", args);
        Assert.True(r.ExitCode == 0, string.Join(" ", args) + "\n" + r.Stderr);
        return r;
    }

    public static XDocument ReadProject(string qdpx)
    {
        using var zip = ZipFile.OpenRead(qdpx);
        using var stream = zip.GetEntry("project.qde")!.Open();
        return XDocument.Load(stream);
    }

    public static string ReadEntry(string qdpx, string name)
    {
        using var zip = ZipFile.OpenRead(qdpx);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>A copy of <paramref name="qdpx"/> with project.qde replaced by <paramref name="project"/> (what a QDA tool's re-export is).</summary>
    public static string WithProject(string qdpx, XDocument project, string name)
    {
        var path = Path.Combine(Path.GetDirectoryName(qdpx)!, name);
        File.Copy(qdpx, path, overwrite: true);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        zip.GetEntry("project.qde")!.Delete();
        using var stream = zip.CreateEntry("project.qde").Open();
        project.Save(stream);
        return path;
    }
}
