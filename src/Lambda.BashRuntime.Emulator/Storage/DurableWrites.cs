namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>
/// The durable writes of the state (state.json, stored zips, queued events), through <see cref="DurableFile"/>. One
/// service so tests can stand in a disk that fails (full) without filling a real one.
/// </summary>
public class DurableWrites
{
    public virtual void WriteAllBytes(string path, ReadOnlySpan<byte> content) => DurableFile.WriteAllBytes(path, content);
}
