namespace PolicyMiner;

/// <summary>
/// Checks, before any work, that an output folder (or the folder of an output file) can be written, so a command
/// fails at once with a message naming the folder — not at its final write after minutes of extraction, training
/// or cross-validation. Nothing is created: the nearest existing folder on the path is probed with a temporary file
/// that is deleted on close (permission bits alone say nothing for root or ACLs, so the probe really writes).
/// </summary>
public static class OutputCheck
{
    /// <summary>Throws <see cref="IOException"/> unless <paramref name="folder"/> exists or can be created, and can be written.</summary>
    /// <param name="folder">The output folder.</param>
    /// <param name="option">The option that named it, for the message (e.g. <c>--model</c>, <c>-o</c>).</param>
    public static void EnsureWritable(string folder, string option)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(folder);
        if (File.Exists(full))
        {
            throw new IOException($"{option} {folder}: is a file, not a folder. Give a folder for the outputs (it is created if missing).");
        }
        Probe(full, folder, option, "the folder");
    }

    /// <summary>Throws <see cref="IOException"/> unless the file <paramref name="file"/> can be written (atomically, in its folder).</summary>
    /// <param name="file">The output file.</param>
    /// <param name="option">The option that named it, for the message.</param>
    public static void EnsureWritableFile(string file, string option)
    {
        ArgumentNullException.ThrowIfNull(file);
        var full = Path.GetFullPath(file);
        if (Directory.Exists(full))
        {
            throw new IOException($"{option} {file}: is a folder; give a file name (e.g. {Path.Combine(file, "out.csv")}).");
        }
        Probe(Path.GetDirectoryName(full) ?? full, file, option, "its folder");
    }

    private static void Probe(string folder, string given, string option, string what)
    {
        // Walk up to the nearest existing folder; a regular file on the way means the folder can never be created.
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new IOException($"{option} {given}: cannot create {what}: {existing} is a file, not a folder. Choose another path (e.g. out/… or models/NAME).");
            }
            existing = Path.GetDirectoryName(existing) ?? throw new IOException($"{option} {given}: no existing folder on the path. Choose another path.");
        }
        var probe = Path.Combine(existing, $".policyminer-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            stream.WriteByte(0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var where = string.Equals(existing, folder, StringComparison.Ordinal) ? existing : $"{existing} (where {what} would be created)";
            var reason = ex is UnauthorizedAccessException ? "permission denied" : ex.Message.Replace($"'{probe}'", "(a test file)", StringComparison.Ordinal);
            throw new IOException($"{option} {given}: cannot write in {where}: {reason.TrimEnd('.')}. Choose a folder you can write to (e.g. under your home folder), or make this one writable.", ex);
        }
    }
}
