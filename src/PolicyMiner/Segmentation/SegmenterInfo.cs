namespace PolicyMiner.Segmentation;

/// <summary>The Chinese word segmenter behind the classifiers' features, with what a model card records about it.</summary>
/// <param name="Name">Segmenter name (e.g. jieba-0.42.1-port).</param>
/// <param name="Version">Assembly version of the segmenter.</param>
/// <param name="DictionarySha256">SHA-256 of its dictionary (features depend on it).</param>
/// <param name="Cut">Cuts a run of Chinese text into words (jieba precise mode).</param>
public sealed record SegmenterInfo(string Name, string Version, string DictionarySha256, Func<string, IReadOnlyList<string>> Cut);
