using System.Collections.Concurrent;
using System.Text;
using Lambda.BashRuntime.Emulator.Logs;
using Microsoft.Extensions.Logging;

namespace Lambda.BashRuntime.Tests.Infrastructure;

/// <summary>Keeps every invocation log the emulator would print on the terminal.</summary>
public sealed class CapturedFunctionLogs : IFunctionLogSink
{
    private readonly ConcurrentQueue<byte[]> _logs = new();

    public IReadOnlyList<byte[]> Logs => [.. _logs];

    public void Write(ReadOnlySpan<byte> log) => _logs.Enqueue(log.ToArray());
}

/// <summary>Keeps every message the emulator logs (its own warnings, such as what happens to queued events at shutdown).</summary>
public sealed class CapturedMessages : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public string Text => string.Join('\n', _messages);

    public ILogger CreateLogger(string categoryName) => new Logger(_messages);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => messages.Enqueue(formatter(state, exception));
    }
}

/// <summary>Waits for a condition without a fixed sleep: checks it every 50 ms up to a deadline.</summary>
public static class Eventually
{
    public static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached within {seconds} s: {what}");
            }
            await Task.Delay(50);
        }
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
