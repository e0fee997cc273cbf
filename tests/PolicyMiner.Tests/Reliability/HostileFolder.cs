using System.Diagnostics;

namespace PolicyMiner.Tests.Reliability;

/// <summary>
/// A temporary input folder holding real documents (regulations from corpora/sample) next to constructed hostile
/// entries: a dangling link, a FIFO named *.txt, a file whose name is not valid UTF-8, a folder named x.txt and a
/// folder link back to its parent (a loop). Created with the shell because .NET cannot create some of them.
/// </summary>
internal sealed class HostileFolder : IDisposable
{
    private static readonly string Sample = Path.Combine(SharedData.RepoRoot, "corpora", "sample", "regulations", "new");

    public HostileFolder(bool hostile = true)
    {
        Root = Directory.CreateTempSubdirectory("pm-hostile-").FullName;
        Input = Path.Combine(Root, "input");
        Directory.CreateDirectory(Path.Combine(Input, "sub"));
        foreach (var name in GoodFiles)
        {
            File.Copy(Path.Combine(Sample, name), Path.Combine(Input, name));
        }
        if (hostile)
        {
            Directory.CreateDirectory(Path.Combine(Input, "folder.txt"));
            File.Copy(Path.Combine(Sample, "R0119.md"), Path.Combine(Input, "folder.txt", "inside.md"));
            Shell($"""
                cd '{Input}' &&
                ln -s /nonexistent/gone.txt dangling.txt &&
                mkfifo pipe.txt &&
                printf 'text' > "bad$(printf '\377')name.txt" &&
                ln -s .. sub/loop
                """);
        }
    }

    /// <summary>The real documents copied into the input folder.</summary>
    public static IReadOnlyList<string> GoodFiles { get; } = ["R0035.md", "R0065.md"];

    public string Root { get; }

    public string Input { get; }

    public string Output => Path.Combine(Root, "out");

    public static void Shell(string script)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
    }

    /// <summary>Runs <paramref name="action"/> with a deadline: a blocked open (a FIFO) fails the test instead of hanging it.</summary>
    public static T WithDeadline<T>(Func<T> action, int seconds = 120)
    {
        var task = Task.Run(action);
        Assert.True(task.Wait(TimeSpan.FromSeconds(seconds)), $"did not finish within {seconds} s (blocked on a FIFO?)");
        return task.Result;
    }

    // rm, not Directory.Delete: .NET cannot name the non-UTF-8 file to delete it
    public void Dispose() => Shell($"rm -rf '{Root}'");
}
