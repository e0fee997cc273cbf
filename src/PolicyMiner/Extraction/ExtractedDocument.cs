using System.Text.Json.Serialization;

namespace PolicyMiner.Extraction;

/// <summary>
/// One line of <c>documents.jsonl</c>, the output of the <c>extract</c> stage and the input of every later stage.
/// Field names are snake_case in JSON (see <see cref="DocumentsJsonl"/>).
/// </summary>
public sealed record ExtractedDocument
{
    /// <summary>
    /// The user-facing document id (<see cref="DocumentIdentity.AssignIds"/>): the file name without extension when that
    /// is unique in the batch, else the path relative to the input root without extension.
    /// </summary>
    public required string DocId { get; init; }

    /// <summary>SHA-256 (lower-case hex) of the source file's bytes: caches and duplicate detection, never the key people see.</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>Source path as given on the command line (relative paths stay relative).</summary>
    public required string Path { get; init; }

    /// <summary>pdf, docx, html, txt, md, …</summary>
    public required string Format { get; init; }

    /// <summary>Page count for paged formats, otherwise null.</summary>
    public int? Pages { get; init; }

    /// <summary>zh, en or mixed.</summary>
    public string? Language { get; init; }

    /// <summary>Title found in the document (first heading-like line), if any.</summary>
    public string? Title { get; init; }

    /// <summary>The normalised body text (paragraphs separated by '\n').</summary>
    public string Text { get; init; } = "";

    /// <summary>Agreement metadata found in the text.</summary>
    public DocumentMetadata Metadata { get; init; } = new();

    /// <summary>Extraction quality report.</summary>
    public QualityReport Quality { get; init; } = new();

    /// <summary>Null on success; otherwise what went wrong and what to do (the record is then an error row).</summary>
    public string? Error { get; init; }

    /// <summary>
    /// For a byte-identical copy (same <see cref="Sha256"/>) of an earlier document in the batch: the doc_id of the first
    /// one (in path order). The copy keeps its own row and doc_id; analyses that must count each text once drop rows
    /// with a duplicate_of. Omitted from JSON when null.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DuplicateOf { get; init; }

    /// <summary>True when this record is an error row.</summary>
    [JsonIgnore]
    public bool IsError => Error is not null;
}

/// <summary>Agreement metadata recognised in a document's text.</summary>
public sealed record DocumentMetadata
{
    /// <summary>Date signed or issued, ISO 8601 (yyyy-MM-dd, or yyyy-MM / yyyy when only those are known).</summary>
    public string? Date { get; init; }

    /// <summary>Document number (文号), e.g. 川府发〔2020〕12号.</summary>
    public string? DocumentNumber { get; init; }

    /// <summary>Document form, e.g. 框架协议, 合作协议, 备忘录, 会议纪要, 规划.</summary>
    public string? Form { get; init; }

    /// <summary>
    /// Local governments (GB/T 2260) among the parties, in order of first mention: the government itself or the
    /// government a department, congress or court belongs to. Central organs are not listed here (see <see cref="Parties"/>).
    /// </summary>
    public IReadOnlyList<Signatory> Signatories { get; init; } = [];

    /// <summary>Every body that signs or issues the document, in order of first mention (JSON <c>parties</c>).</summary>
    public IReadOnlyList<Party> Parties { get; init; } = [];
}

/// <summary>
/// A body that signs or issues a document: a government, one of its departments, a congress, a court, a party
/// organ, a SAR government or another body.
/// </summary>
/// <param name="Name">Canonical name: 四川省 for a government, the full current name for a central organ
/// (国家发展和改革委员会 for 国家计委 or 发展改革委), the name as written for a local department.</param>
/// <param name="Role">signatory, issuer, or the party label of an agreement (甲方, 乙方, 丙方 …).</param>
/// <param name="Kind">government, department, congress, court, procuratorate, party_organ, sar_government or other.</param>
/// <param name="GovernmentCode">GB/T 2260 code of the government it belongs to (100000 for central organs), or null when unknown.</param>
/// <param name="Government">Name of that government (中央 for central organs), or null.</param>
/// <param name="Level">national, province, city or county (the government's level), or null.</param>
/// <param name="Province">Province of that government (null for central organs).</param>
public sealed record Party(string Name, string Role, string Kind, string? GovernmentCode, string? Government, string? Level, string? Province)
{
    /// <summary>GB/T 2260-style code used for the central government and its organs (not a division code).</summary>
    public const string CentralCode = "100000";

    /// <summary>Node id in party-level networks: the code for a government, code/name for other bodies, the name when the government is unknown.</summary>
    [JsonIgnore]
    public string Key => Kind is "government" or "sar_government" && GovernmentCode is not null ? GovernmentCode
        : GovernmentCode is null ? Name : GovernmentCode + "/" + Name;
}

/// <summary>A government recognised with the GB/T 2260 gazetteer.</summary>
/// <param name="Name">Full official name, e.g. 成都市.</param>
/// <param name="Code">GB/T 2260 six-digit code, e.g. 510100.</param>
/// <param name="Level">province, city or county.</param>
/// <param name="Province">Full name of the province it belongs to (itself for a province).</param>
public sealed record Signatory(string Name, string Code, string Level, string Province);

/// <summary>Per-document extraction quality.</summary>
public sealed record QualityReport
{
    /// <summary>Share of U+FFFD and private-use characters among all non-space characters.</summary>
    public double ReplacementRate { get; init; }

    /// <summary>Share of Han characters among all non-space characters.</summary>
    public double HanRatio { get; init; }

    /// <summary>Share of Latin letters among all non-space characters.</summary>
    public double LatinRatio { get; init; }

    /// <summary>Pages whose text came from OCR.</summary>
    public int PagesOcred { get; init; }

    /// <summary>True when pages without a usable text layer could not be OCR'd.</summary>
    public bool NeedsOcr { get; init; }

    /// <summary>Character encoding detected for text formats (utf-8, utf-8-bom, utf-16le, gb18030, big5, …), else null.</summary>
    public string? Encoding { get; init; }

    /// <summary>Non-whitespace characters in the extracted text.</summary>
    public int Characters { get; init; }

    /// <summary>
    /// Stand-in characters replaced by the characters they stand for during normalisation: CJK/Kangxi radicals
    /// (⺠ → 民), CJK compatibility ideographs, deprecated angle brackets (U+2329/U+232A → 〈〉). Many of them mean
    /// the file's text layer maps glyphs to radicals (typical of browser-printed PDFs); the text is right anyway.
    /// </summary>
    public int MappedCharacters { get; init; }

    /// <summary>Human-readable warnings (what looks wrong and what to do).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// True when the text was cut at <see cref="ExtractOptions.MaxTextCharacters"/> (a warning says so). Omitted from JSON when false.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Truncated { get; init; }
}
