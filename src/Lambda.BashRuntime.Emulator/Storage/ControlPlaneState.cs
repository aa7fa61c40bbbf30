using System.Text.Json;

namespace Lambda.BashRuntime.Emulator.Storage;

/// <summary>
/// The control plane's state and the one lock that serialises changes to it. A change is computed on the current
/// snapshot, written to the state directory (when there is one) and only then made current, so nothing is
/// acknowledged before it is on disk. Without a state directory everything lives in memory.
/// </summary>
public sealed class ControlPlaneState
{
    private const string StateFileName = "state.json";
    private readonly object _gate = new();
    private readonly string? _stateDirectory;
    private readonly DurableWrites _writes;
    private readonly Func<ControlPlaneSnapshot, string?> _problem;
    private volatile ControlPlaneSnapshot _current;

    /// <param name="problem">
    /// The check of a state read back (the API's own rules): null when it is sound, else which record and field is not.
    /// </param>
    public ControlPlaneState(
        string? stateDirectory, string workDirectory, DurableWrites? writes = null, Func<ControlPlaneSnapshot, string?>? problem = null)
    {
        _stateDirectory = stateDirectory is null ? null : Path.GetFullPath(stateDirectory);
        _writes = writes ?? new DurableWrites();
        _problem = problem ?? (_ => null);
        Blobs = new BlobStore(Path.Combine(_stateDirectory ?? Path.GetFullPath(workDirectory), "blobs"), _writes);
        _current = Load();
        // A zip stored by a change that never committed (the emulator killed between the two) is referenced by nothing.
        Blobs.Collect(_current.LiveBlobs());
    }

    public BlobStore Blobs { get; }

    public ControlPlaneSnapshot Current => _current;

    /// <summary>
    /// Runs <paramref name="change"/> under the lock and commits (persists, then publishes) the snapshot it returns;
    /// <paramref name="committed"/> runs after the commit, still under the lock, so what it publishes elsewhere (the
    /// function registry) follows the same order as the state.
    /// </summary>
    public T Update<T>(Func<ControlPlaneSnapshot, (ControlPlaneSnapshot Next, T Result)> change, Action<T>? committed = null)
    {
        lock (_gate)
        {
            var (next, result) = change(_current);
            if (!ReferenceEquals(next, _current))
            {
                Save(next);
                _current = next;
                committed?.Invoke(result);
                Blobs.Collect(next.LiveBlobs());
            }
            return result;
        }
    }

    /// <summary>Runs <paramref name="action"/> under the lock that changes hold: it sees no change half made.</summary>
    public void Locked(Action action)
    {
        lock (_gate)
        {
            action();
        }
    }

    private ControlPlaneSnapshot Load()
    {
        if (_stateDirectory is null)
        {
            return ControlPlaneSnapshot.Empty;
        }
        Directory.CreateDirectory(_stateDirectory);
        DurableFile.RemoveLeftovers(_stateDirectory, StateFileName);
        var path = Path.Combine(_stateDirectory, StateFileName);
        if (!File.Exists(path))
        {
            return ControlPlaneSnapshot.Empty;
        }
        ControlPlaneSnapshot snapshot;
        try
        {
            snapshot = JsonSerializer.Deserialize(File.ReadAllBytes(path), StateJsonContext.Default.ControlPlaneSnapshot)
                ?? ControlPlaneSnapshot.Empty;
            snapshot = snapshot.Upgraded();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The state file '{path}' is not valid: {e.Message}. Move it away to start empty.", e);
        }
        // Refused whole rather than skipped: the next change would write the state without the skipped record.
        if (_problem(snapshot) is { } problem)
        {
            throw new InvalidDataException(
                $"The state file '{path}' is not valid: {problem} Fix or remove that record in the file, or move the file away "
                + "to start empty; the emulator does not start on it, so nothing in it is lost meanwhile.");
        }
        return snapshot;
    }

    private void Save(ControlPlaneSnapshot snapshot)
    {
        if (_stateDirectory is not null)
        {
            _writes.WriteAllBytes(
                Path.Combine(_stateDirectory, StateFileName),
                JsonSerializer.SerializeToUtf8Bytes(snapshot, StateJsonContext.Default.ControlPlaneSnapshot));
        }
    }
}
