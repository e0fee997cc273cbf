using System.Globalization;
using PolicyMiner.Benchmarks;

// Sub-commands: one per stage benchmark. Run from the repository root with ../shared beside it.
// Usage: dotnet run -c Release --project tests/PolicyMiner.Benchmarks -- <extract|segment|classify|accuracy|english|campaign|pdftext|pdflines> …
var command = args.Length > 0 ? args[0] : "";
return command switch
{
    "extract" => ExtractBenchmark.Run(args[1..]),
    "segment" => SegmentBenchmark.Run(args[1..]),
    "classify" when args.Contains("--english") => ClassifyBenchmark.English(Path.GetFullPath(Path.Combine("..", "shared"))),
    "classify" => ClassifyBenchmark.Run(
        Path.GetFullPath(Path.Combine("..", "shared")),
        args.Length > 1 && args[1] != "--no-chars" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000,
        !args.Contains("--no-chars")),
    "accuracy" => AccuracyBenchmark.Run(Path.GetFullPath(Path.Combine("..", "shared")), args[1..]),
    "seedwords" => SeedWordBenchmark.Run(Path.GetFullPath(Path.Combine("..", "shared"))),
    "metadata" => MetadataBenchmark.Run(Path.GetFullPath(Path.Combine("..", "shared")), Directory.GetCurrentDirectory(), args[1..]),
    "metadata-dump" => MetadataBenchmark.Dump(Path.GetFullPath(Path.Combine("..", "shared")), args[1..]),
    "extract-profile" => ExtractProfile.Run(args[1..]),
    "extract-parallel" => ExtractParallel.Run(args[1..]),
    "extract-workers" => ExtractWorkersBenchmark.Run(Path.GetFullPath("."), args[1..]),
    "english" => EnglishTitlesBenchmark.Run(Path.GetFullPath(Path.Combine("..", "shared")), args[1..]),
    "embed" => EmbeddingBenchmark.Run(Path.GetFullPath(Path.Combine("..", "shared")), args[1..]),
    "campaign" => CampaignBenchmark.Run(Path.GetFullPath(Path.Combine("..", "shared")), args[1..]),
    "qdpx" => QdpxBenchmark.Run(Path.GetFullPath(Path.Combine("..", "shared"))),
    "fuzz" => FuzzBenchmark.Run(Path.GetFullPath("."), args[1..]),
    "filelist" => FileListBenchmark.Run(args[1..]),
    "memory" => MemoryBenchmark.Run(Path.GetFullPath(Path.Combine("..", "shared")), args[1..]),
    "pdftext" => ExtractBenchmark.PrintText(args[1..]),
    "pdflines" => ExtractBenchmark.PrintLines(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: PolicyMiner.Benchmarks extract [pdf files or folders…]   PDF pages/s vs pdftotext");
    Console.Error.WriteLine("       PolicyMiner.Benchmarks extract-parallel [--only LAYER] [pdf files or folders…]   -j 1 vs -j 2 per layer: wall, CPU, queue/blocked thread time, locks, GC");
    Console.Error.WriteLine("       PolicyMiner.Benchmarks extract-profile [pdf files or folders…]   where PDF extraction time goes, per phase");
    Console.Error.WriteLine("       PolicyMiner.Benchmarks pdftext FILE.pdf [--ocr auto|off|force]   print what PdfReader extracts");
    Console.Error.WriteLine(ExtractWorkersBenchmark.Help);
    Console.Error.WriteLine(FileListBenchmark.Help);
    Console.Error.WriteLine(SegmentBenchmark.Help);
    Console.Error.WriteLine(AccuracyBenchmark.Help);
    Console.Error.WriteLine(SeedWordBenchmark.Help);
    Console.Error.WriteLine(MetadataBenchmark.Help);
    Console.Error.WriteLine(EnglishTitlesBenchmark.Help);
    Console.Error.WriteLine(EmbeddingBenchmark.Help);
    Console.Error.WriteLine(CampaignBenchmark.Help);
    Console.Error.WriteLine(FuzzBenchmark.Help);
    Console.Error.WriteLine(MemoryBenchmark.Help);
    Console.Error.WriteLine(QdpxBenchmark.Help);
    Console.Error.WriteLine("       PolicyMiner.Benchmarks classify [N=10000] [--no-chars] [--english]   train time, docs/s and peak memory on N real documents; English titles with and without the sentence-embedding block (--english: only those)");
    return 2;
}
