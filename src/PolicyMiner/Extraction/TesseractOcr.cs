using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PolicyMiner.Extraction;

/// <summary>
/// Optical character recognition with the <c>tesseract</c> command-line program (the one optional external
/// program PolicyMiner uses; the NuGet mirror has no .NET Tesseract wrapper). Runs one process per image with
/// <c>OMP_THREAD_LIMIT=1</c> — with OpenMP threads on a 2-core machine a page took 6.2 s instead of 1.7 s
/// (../shared/notes/mlnet-pdfpig.md B4) — so parallelise across pages or documents instead.
/// </summary>
public sealed class TesseractOcr
{
    private readonly Lazy<(bool Ok, string? Version, HashSet<string> Languages)> probe;

    /// <summary>Uses <c>tesseract</c> from the PATH.</summary>
    public static TesseractOcr Default { get; } = new("tesseract");

    /// <summary>Creates a wrapper around the given tesseract executable.</summary>
    public TesseractOcr(string executable)
    {
        Executable = executable;
        probe = new Lazy<(bool, string?, HashSet<string>)>(Probe, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The executable name or path.</summary>
    public string Executable { get; }

    /// <summary>Seconds one image may take before the process is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>True when the executable runs (<c>tesseract --version</c> succeeds).</summary>
    public bool IsAvailable => probe.Value.Ok;

    /// <summary>The version line, when available.</summary>
    public string? Version => probe.Value.Version;

    /// <summary>Installed language packs (<c>tesseract --list-langs</c>).</summary>
    public IReadOnlySet<string> Languages => probe.Value.Languages;

    /// <summary>The languages of <paramref name="languages"/> (e.g. <c>chi_sim+eng</c>) that are not installed.</summary>
    public IReadOnlyList<string> MissingLanguages(string languages)
    {
        ArgumentNullException.ThrowIfNull(languages);
        return languages.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !Languages.Contains(l)).ToList();
    }

    /// <summary>The hint users get when tesseract or a language pack is missing.</summary>
    public const string InstallHint =
        "install tesseract with the Chinese language pack (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-chi-sim; "
        + "macOS: brew install tesseract tesseract-lang; Windows: the UB Mannheim installer with chi_sim) and re-run with --ocr auto";

    /// <summary>
    /// Recognises the text of one image (PNG, JPEG, TIFF, JPEG 2000 — whatever tesseract's Leptonica reads).
    /// Returns the text with CJK line wraps repaired (<see cref="CjkText.Clean"/>).
    /// Throws <see cref="InvalidOperationException"/> with a readable message when tesseract fails.
    /// </summary>
    public string Recognize(ReadOnlySpan<byte> image, string languages, int? dpi = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(languages);
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"'{Executable}' was not found or does not run; {InstallHint}.");
        }
        var missing = MissingLanguages(languages);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"tesseract has no language data for {string.Join(", ", missing)} (installed: {string.Join(", ", Languages.Order(StringComparer.Ordinal))}); {InstallHint}.");
        }
        var file = Path.Combine(Path.GetTempPath(), $"policyminer-ocr-{Guid.NewGuid():N}{Extension(image)}");
        try
        {
            using (var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(image);
            }
            var args = new List<string> { file, "stdout", "-l", languages, "--psm", "3" };
            if (dpi is > 0)
            {
                args.Add("--dpi");
                args.Add(dpi.Value.ToString(CultureInfo.InvariantCulture));
            }
            var (exit, stdout, stderr) = Run(args, cancellationToken);
            if (exit != 0)
            {
                throw new InvalidOperationException($"tesseract failed (exit code {exit}): {FirstLine(stderr)}");
            }
            return CjkText.Clean(stdout.Replace("\f", "", StringComparison.Ordinal)).Trim();
        }
        finally
        {
            TryDelete(file);
        }
    }

    private (bool, string?, HashSet<string>) Probe()
    {
        try
        {
            var (exit, stdout, stderr) = Run(["--version"], CancellationToken.None);
            if (exit != 0)
            {
                return (false, null, []);
            }
            var version = FirstLine(stdout.Length > 0 ? stdout : stderr);
            var (_, langs, langsErr) = Run(["--list-langs"], CancellationToken.None);
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in (langs + "\n" + langsErr).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!line.Contains(' ', StringComparison.Ordinal) && !line.Contains(':', StringComparison.Ordinal))
                {
                    set.Add(line);
                }
            }
            return (true, version, set);
        }
#pragma warning disable CA1031 // Any failure to start the program means "not available".
        catch (Exception)
#pragma warning restore CA1031
        {
            return (false, null, []);
        }
    }

    private (int Exit, string Stdout, string Stderr) Run(IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["OMP_THREAD_LIMIT"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start '{Executable}'");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            process.WaitForExitAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"tesseract took longer than {Timeout.TotalSeconds:0} s on one page and was stopped");
        }
        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string Extension(ReadOnlySpan<byte> image) =>
        image.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G']) ? ".png"
        : image.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8]) ? ".jpg"
        : image.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50]) ? ".jp2"
        : image.StartsWith((ReadOnlySpan<byte>)[(byte)'I', (byte)'I']) || image.StartsWith((ReadOnlySpan<byte>)[(byte)'M', (byte)'M']) ? ".tif"
        : ".img";

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? trimmed : trimmed[..newline].Trim();
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // A temp file left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
