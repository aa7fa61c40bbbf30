namespace Lambda.BashRuntime.Emulator.Logs;

/// <summary>Where function logs go (the terminal in `start` and `invoke`, nowhere in tests unless asked).</summary>
public interface IFunctionLogSink
{
    void Write(ReadOnlySpan<byte> log);
}

/// <summary>Writes function logs to the emulator's stderr, one invocation at a time.</summary>
public sealed class StandardErrorLogSink : IFunctionLogSink
{
    private readonly Stream _stderr = Console.OpenStandardError();

    public void Write(ReadOnlySpan<byte> log)
    {
        lock (_stderr)
        {
            _stderr.Write(log);
            _stderr.Flush();
        }
    }
}

/// <summary>Drops function logs (the Tail header still carries them).</summary>
public sealed class NullLogSink : IFunctionLogSink
{
    public void Write(ReadOnlySpan<byte> log)
    {
    }
}
