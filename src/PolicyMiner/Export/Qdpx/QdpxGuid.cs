using System.Security.Cryptography;
using System.Text;

namespace PolicyMiner.Export.Qdpx;

/// <summary>
/// Stable GUIDs for the elements of a project: name-based UUIDs, version 5 (SHA-1), RFC 4122 §4.3. The same
/// document, label, user or coding gets the same GUID in every export, so a re-export matches the project a QDA tool
/// already holds, and an import can recognise PolicyMiner's own codes and codings after a round trip.
/// </summary>
public static class QdpxGuid
{
    /// <summary>The namespace UUID of PolicyMiner's names (itself a v5 UUID of "policyminer" in the URL namespace).</summary>
    private static readonly byte[] Namespace = NameBased(new Guid("6ba7b811-9dad-11d1-80b4-00c04fd430c8").ToByteArray(bigEndian: true), "https://policyminer/refi-qda");

    /// <summary>The GUID of a name, e.g. <c>code|fields|economic</c>; lower-case text with dashes.</summary>
    public static string Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new Guid(NameBased(Namespace, name), bigEndian: true).ToString("D");
    }

    /// <summary>A source (document), by doc_id.</summary>
    public static string Source(string docId) => Of("source|" + docId);

    /// <summary>A user, by name.</summary>
    public static string User(string name) => Of("user|" + name);

    /// <summary>A task's group code.</summary>
    public static string Task(string task) => Of("task|" + task);

    /// <summary>A label's code.</summary>
    public static string Code(string task, string label) => Of("code|" + task + "|" + label);

    /// <summary>A variable (doc_id, title, file, date), by name.</summary>
    public static string Variable(string name) => Of("variable|" + name);

    /// <summary>A selection: a span of a document marked by a user.</summary>
    public static string Selection(string docId, string user, long start, long end) =>
        Of(FormattableString.Invariant($"selection|{docId}|{user}|{start}|{end}"));

    /// <summary>A coding: a label applied by a user to a span of a document.</summary>
    public static string Coding(string docId, string user, string task, string label, long start, long end) =>
        Of(FormattableString.Invariant($"coding|{docId}|{user}|{task}|{label}|{start}|{end}"));

    private static byte[] NameBased(byte[] namespaceBytes, string name)
    {
        var data = namespaceBytes.Concat(Encoding.UTF8.GetBytes(name)).ToArray();
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 version 5 prescribes; it names things, it protects nothing.
        var hash = SHA1.HashData(data);
#pragma warning restore CA5350
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return bytes;
    }
}
