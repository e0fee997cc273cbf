using PolicyMiner.Cli;

return CliApp.Run(args, CliConsole.Standard);
