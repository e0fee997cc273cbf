using PolicyMiner.Pipeline;

namespace PolicyMiner.Tests.Pipeline;

/// <summary>The streamed stage key (issue 15: no flattened copy of every input) equals the key a run wrote before.</summary>
public sealed class RunKeyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Streamed_key_equals_the_key_of_the_flattened_inputs(int count)
    {
        var files = Enumerable.Range(0, count)
            .Select(i => new HashedFile($"corpora/样本/{i:0000}.pdf", i % 7 == 0 ? "unreadable: permission denied" : Convert.ToHexStringLower(BitConverter.GetBytes(i * 2654435761L))))
            .ToList();
        string[] parts = ["extract", "build-1", "fingerprint\tx"];
        Assert.Equal(RunPipeline.Key([.. parts, RunPipeline.Flatten(files)]), RunPipeline.Key(parts, files));
    }
}
