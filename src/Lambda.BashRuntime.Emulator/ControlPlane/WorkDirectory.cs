using Lambda.BashRuntime.Emulator.Hosting;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>
/// The folder where code and layers are unpacked. A temporary one (in the user's own scratch folder,
/// <see cref="UserScratch"/>: /tmp/lambda-bash-runtime-UID/code/) is removed when the host stops, and the ones of
/// killed instances when the next one starts.
/// </summary>
public sealed class WorkDirectory : IDisposable
{
    private readonly InstanceFolder? _owned;

    public WorkDirectory(string? path)
    {
        if (path is null)
        {
            _owned = InstanceFolder.Claim(
                System.IO.Path.Combine(UserScratch.Root(), "code", Guid.NewGuid().ToString("N")), "*");
            Path = _owned.Path;
        }
        else
        {
            Path = Directory.CreateDirectory(System.IO.Path.GetFullPath(path)).FullName;
        }
    }

    public string Path { get; }

    public void Dispose() => _owned?.Dispose();
}
