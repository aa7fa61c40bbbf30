// Entry point: only dispatches to the command line (see Cli/).
Console.Error.WriteLine("Lambda.BashRuntime.Emulator: not implemented yet");
return 1;
