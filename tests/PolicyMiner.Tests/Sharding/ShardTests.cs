using PolicyMiner.Sharding;

namespace PolicyMiner.Tests.Sharding;

public class ShardTests
{
    [Theory]
    [InlineData("1/1", 1, 1)]
    [InlineData("2/3", 2, 3)]
    [InlineData(" 8/8 ", 8, 8)]
    public void Parse_reads_i_of_n(string text, int index, int count)
    {
        Assert.Equal(new Shard(index, count), Shard.Parse(text));
        Assert.Equal($"{index}/{count}", Shard.Parse(text).ToString());
    }

    [Theory]
    [InlineData("0/3", "shard 0 does not exist when there are 3 shards")]
    [InlineData("4/3", "shard 4 does not exist when there are 3 shards")]
    [InlineData("1/0", "the number of shards must be at least 1")]
    [InlineData("x", "is not a shard number")]
    [InlineData("2", "is not a shard number")]
    [InlineData("-1/3", "is not a shard number")]
    [InlineData("/", "Slurm sets SLURM_ARRAY_TASK_ID only in array jobs")]
    public void Parse_refuses_bad_values_with_a_message(string text, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => Shard.Parse(text));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("i/n", ex.Message, StringComparison.Ordinal);
    }

    // Reference values from Python: int.from_bytes(hashlib.sha256(doc_id.encode()).digest()[:8], "big") % n + 1 —
    // the shard of a document is the same in any process, on any machine, in any language.
    [Theory]
    [InlineData("R0035", 2, 2, 3, 860)]
    [InlineData("2020/jiangsu", 1, 2, 3, 67)]
    [InlineData("国务院关于", 1, 3, 7, 741)]
    [InlineData("a.pdf", 1, 3, 2, 83)]
    public void Shard_of_a_doc_id_is_the_first_8_bytes_of_its_sha256_mod_n(string docId, int of2, int of3, int of7, int of1000)
    {
        Assert.Equal(of2, Shard.Of(docId, 2));
        Assert.Equal(of3, Shard.Of(docId, 3));
        Assert.Equal(of7, Shard.Of(docId, 7));
        Assert.Equal(of1000, Shard.Of(docId, 1000));
        Assert.Equal(1, Shard.Of(docId, 1));
    }

    [Fact]
    public void Every_document_belongs_to_exactly_one_shard_and_shards_are_balanced()
    {
        var ids = Enumerable.Range(0, 3000).Select(i => $"doc-{i}").ToList();
        var counts = new int[5];
        foreach (var id in ids)
        {
            var owners = Enumerable.Range(1, 5).Where(i => new Shard(i, 5).Contains(id)).ToList();
            Assert.Single(owners);
            counts[owners[0] - 1]++;
        }
        Assert.All(counts, c => Assert.InRange(c, 520, 680)); // 600 expected each
    }
}
