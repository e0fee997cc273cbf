using System.Text;

namespace PolicyMiner;

/// <summary>Writes output files atomically (temporary file in the same folder, then rename), so a crash or
/// an error never leaves a half-written output behind and never touches inputs.</summary>
public static class AtomicFile
{
    /// <summary>UTF-8 without BOM.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>UTF-8 with BOM (for CSV files that Excel must open correctly).</summary>
    public static readonly Encoding Utf8Bom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>Writes text through <paramref name="write"/> into <paramref name="path"/> atomically.</summary>
    public static void Write(string path, Action<TextWriter> write, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteStream(path, stream =>
        {
            using var writer = new StreamWriter(stream, encoding ?? Utf8, bufferSize: 1 << 16);
            write(writer);
        });
    }

    /// <summary>Writes bytes through <paramref name="write"/> into <paramref name="path"/> atomically.</summary>
    public static void WriteStream(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var temp = ScratchFiles.NewPath(dir, Path.GetFileName(full), "tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
