using System.Text.Json.Serialization;

namespace PolicyMiner.Extraction;

/// <summary>
/// Serialization code for documents.jsonl records and the extract worker protocol, generated at compile time
/// (System.Text.Json source generation). Reflection-based serialization builds its converters at run time with
/// Reflection.Emit: some 200 methods JIT-compiled in the extract process and 130 in each worker before the first
/// record (issue 13, start-up). Same naming policy as <see cref="DocumentsJsonl.Options"/>; types not listed here
/// fall back to reflection there.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ExtractedDocument))]
[JsonSerializable(typeof(Isolation.WorkerRequest))]
[JsonSerializable(typeof(Isolation.WorkerReply))]
internal sealed partial class DocumentsJsonContext : JsonSerializerContext;
