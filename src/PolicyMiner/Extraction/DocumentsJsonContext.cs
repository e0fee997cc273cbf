using System.Text.Json.Serialization;

namespace PolicyMiner.Extraction;

/// <summary>
/// Serialization code for the extract worker protocol's messages (records included), generated at compile time
/// (System.Text.Json source generation). Reflection-based serialization builds its converters at run time with
/// Reflection.Emit: ~130 methods JIT-compiled in each worker before the first record (issue 13, start-up). Same naming
/// policy as <see cref="DocumentsJsonl.Options"/>; used by <see cref="Isolation.WorkerProtocol"/> only (see there why).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ExtractedDocument))]
[JsonSerializable(typeof(Isolation.WorkerRequest))]
[JsonSerializable(typeof(Isolation.WorkerReply))]
internal sealed partial class DocumentsJsonContext : JsonSerializerContext;
