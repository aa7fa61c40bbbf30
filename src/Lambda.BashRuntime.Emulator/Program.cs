// Entry point: only dispatches to the command line (see Cli/).
return await Lambda.BashRuntime.Emulator.Cli.EmulatorCommandLine.RunAsync(args);
