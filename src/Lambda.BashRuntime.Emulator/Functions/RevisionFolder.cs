namespace Lambda.BashRuntime.Emulator.Functions;

/// <summary>
/// The unpacked folder of one function revision (<c>{work}/functions/{name}/{revision}</c>) and who uses it: invokes
/// on their way to an environment and the environments running it. A replaced revision is retired, and its folder
/// removed once nobody uses it, so an invoke or a runtime never sees its code disappear under it.
/// </summary>
public sealed class RevisionFolder(string path)
{
    private readonly object _gate = new();
    private int _users;
    private bool _retired;
    private bool _removed;

    public string Path { get; } = path;

    /// <summary>Starts a use; false when the folder is gone already (retired and nobody was using it).</summary>
    public bool TryUse()
    {
        lock (_gate)
        {
            if (_removed)
            {
                return false;
            }
            _users++;
            return true;
        }
    }

    /// <summary>Ends a use begun by <see cref="TryUse"/>; the last one of a retired revision removes the folder.</summary>
    public void Release()
    {
        lock (_gate)
        {
            if (--_users > 0 || !_retired || _removed)
            {
                return;
            }
            _removed = true;
        }
        Remove();
    }

    /// <summary>The revision was replaced or its function deleted: removed now if unused, else at the last release.</summary>
    public void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            if (_users > 0 || _removed)
            {
                return;
            }
            _removed = true;
        }
        Remove();
    }

    private void Remove()
    {
        try
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a process of the retired revision may still hold a file open (Windows).
        }
    }
}
