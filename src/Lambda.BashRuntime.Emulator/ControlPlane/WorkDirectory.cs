namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>The folder where code and layers are unpacked; a temporary one is removed when the host stops.</summary>
public sealed class WorkDirectory : IDisposable
{
    private readonly bool _owned;

    public WorkDirectory(string? path)
    {
        _owned = path is null;
        Path = System.IO.Path.GetFullPath(path ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lambda-bash-runtime", Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (_owned && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
