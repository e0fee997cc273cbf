using PolicyMiner.Benchmarks;

// PolicyMiner benchmarks and data builders: one sub-command per stage (README: "Layout").
var commands = new Dictionary<string, (string Help, Func<string[], int> Run)>(StringComparer.Ordinal)
{
    ["build-idf"] = ("build-idf IDF_TXT OUT   pre-build models/jieba/idf.bin.br from jieba's analyse/idf.txt", BuildIdf.Run),
};

if (args.Length == 0 || args[0] is "-h" or "--help" || !commands.TryGetValue(args[0], out var command))
{
    var error = args.Length > 0 && args[0] is not ("-h" or "--help");
    var writer = error ? Console.Error : Console.Out;
    if (error)
    {
        writer.WriteLine($"error: unknown sub-command '{args[0]}'.");
    }
    writer.WriteLine("usage: dotnet run -c Release --project tests/PolicyMiner.Benchmarks -- <sub-command> [options]");
    foreach (var (_, (help, _)) in commands)
    {
        writer.WriteLine("  " + help);
    }
    return error ? 1 : 0;
}
return command.Run(args[1..]);
