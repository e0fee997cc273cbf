using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace PolicyMiner.Export.Qdpx;

/// <summary>
/// What the REFI-QDA Project standard fixes (QDA-XML 1.0, <c>Project-mrt2019.xsd</c>): the namespace, the file names
/// inside a <c>.qdpx</c> zip (<c>project.qde</c> and the <c>sources/</c> folder, referred to as <c>internal://</c>), and
/// the schema check.
/// </summary>
public static class QdpxProject
{
    /// <summary>The namespace of project.qde.</summary>
    public const string NamespaceUri = "urn:QDA-XML:project:1.0";

    /// <summary>The namespace as an <see cref="XNamespace"/>.</summary>
    public static readonly XNamespace Ns = NamespaceUri;

    /// <summary>The XML file inside the zip.</summary>
    public const string ProjectEntry = "project.qde";

    /// <summary>The folder of source files inside the zip.</summary>
    public const string SourcesFolder = "sources/";

    /// <summary>How project.qde refers to a file of <see cref="SourcesFolder"/>.</summary>
    public const string InternalPrefix = "internal://";

    /// <summary>The user that machine codes are attributed to; its codings are never read back as labels.</summary>
    public const string MachineUser = "PolicyMiner";

    /// <summary>Whether a path names a project file this library reads: <c>.qdpx</c> (zip) or a bare <c>.qde</c>.</summary>
    public static bool IsProjectFile(string path) =>
        path.EndsWith(".qdpx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".qde", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        using var stream = typeof(QdpxProject).Assembly.GetManifestResourceStream("PolicyMiner.Export.Qdpx.Project-mrt2019.xsd")
            ?? throw new InvalidOperationException("Project-mrt2019.xsd is missing from the PolicyMiner library; the build is broken.");
        using var reader = XmlReader.Create(stream);
        var set = new XmlSchemaSet();
        set.Add(NamespaceUri, reader);
        set.Compile();
        return set;
    });

    /// <summary>
    /// Checks project.qde against the REFI-QDA Project schema (<c>Project-mrt2019.xsd</c>, embedded). Returns the
    /// problems (line: message), empty when valid.
    /// </summary>
    public static IReadOnlyList<string> Validate(XDocument project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var problems = new List<string>();
        project.Validate(Schemas.Value, (_, e) => problems.Add($"{e.Severity}: {e.Message}"));
        return problems;
    }
}
