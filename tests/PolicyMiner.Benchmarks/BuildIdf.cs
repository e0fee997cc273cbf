using System.Diagnostics;
using System.Globalization;
using PolicyMiner.Segmentation.Keywords;

namespace PolicyMiner.Benchmarks;

/// <summary>
/// Data builder: converts jieba's <c>analyse/idf.txt</c> into the compact binary embedded in PolicyMiner.Segmentation
/// (<c>models/jieba/idf.bin.br</c>), then reads it back and checks every entry bit for bit.
/// </summary>
internal static class BuildIdf
{
    public static int Run(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: build-idf ../shared/jieba/idf.txt models/jieba/idf.bin.br");
            return 1;
        }
        var text = IdfTable.FromFile(args[0]);
        var tmp = args[1] + ".tmp";
        using (var output = File.Create(tmp))
        {
            text.WriteBinary(output);
        }
        var sw = Stopwatch.StartNew();
        IdfTable binary;
        using (var input = File.OpenRead(tmp))
        {
            binary = IdfTable.ReadBinary(input);
        }
        sw.Stop();
        foreach (var (word, idf) in text.Entries)
        {
            if (!binary.TryGetValue(word, out var back) || BitConverter.DoubleToInt64Bits(back) != BitConverter.DoubleToInt64Bits(idf))
            {
                Console.Error.WriteLine($"error: round trip failed for '{word}'; {args[1]} not written.");
                File.Delete(tmp);
                return 1;
            }
        }
        if (binary.Count != text.Count || binary.Median != text.Median)
        {
            Console.Error.WriteLine($"error: round trip changed count or median; {args[1]} not written.");
            File.Delete(tmp);
            return 1;
        }
        File.Move(tmp, args[1], overwrite: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{args[1]}: {text.Count} entries, median {text.Median:R}, {new FileInfo(args[1]).Length} bytes, read back in {sw.Elapsed.TotalMilliseconds:F0} ms"));
        return 0;
    }
}
