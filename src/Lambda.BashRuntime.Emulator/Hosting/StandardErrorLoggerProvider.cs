using Microsoft.Extensions.Logging;

namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// The emulator's log (warnings and errors: a refused request, a dropped Event invoke), one line per entry on stderr
/// ("warn: Category[id] message"), written at once. Stdout is the function's. Not the console logging provider: its
/// queue, thread, options and formatters cost start-up time in every `invoke` for the few lines the emulator writes.
/// </summary>
internal sealed class StandardErrorLoggerProvider : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var level = logLevel switch
            {
                LogLevel.Trace => "trce",
                LogLevel.Debug => "dbug",
                LogLevel.Information => "info",
                LogLevel.Warning => "warn",
                LogLevel.Error => "fail",
                _ => "crit",
            };
            var line = $"{level}: {category}[{eventId.Id}] {formatter(state, exception)}";
            if (exception is not null)
            {
                line += " " + exception.ToString().ReplaceLineEndings(" ");
            }
            Console.Error.WriteLine(line); // a synchronized writer: lines of concurrent requests do not mix
        }
    }
}
