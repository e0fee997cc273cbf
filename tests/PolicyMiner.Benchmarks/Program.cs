using PolicyMiner.Benchmarks;

// Sub-commands: one per stage benchmark. Run from the repository root with ../shared beside it.
var shared = Path.GetFullPath(Path.Combine("..", "shared"));
return args.FirstOrDefault() switch
{
    "classify" => ClassifyBenchmark.Run(shared, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/PolicyMiner.Benchmarks -- classify [N=10000]");
    return 1;
}
