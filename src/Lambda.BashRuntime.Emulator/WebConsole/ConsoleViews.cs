using System.Text.Json.Serialization;
using Lambda.BashRuntime.Emulator.Environments;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>What the console's API answers, built from the emulator's services as they are.</summary>
internal static class ConsoleViews
{
    public static List<FunctionView> Functions(
        IReadOnlyList<FunctionRecord> records, FunctionRegistry registry, IReadOnlyList<ExecutionEnvironment> environments,
        string? projectFunction = null)
        => records.OrderBy(r => r.FunctionName, StringComparer.Ordinal).Select(record =>
        {
            var revision = registry.Find(record.FunctionName)?.RevisionId;
            var current = environments.Where(e => e.Function.FunctionName == record.FunctionName && e.Function.RevisionId == revision).ToList();
            return new FunctionView(
                record.FunctionName, record.Runtime, record.Architecture, record.MemorySize, record.Timeout, record.Handler ?? "",
                [.. record.Layers.Select(l => l.Arn)], "Active",
                current.Count(e => e.State == EnvironmentState.Idle),
                current.Count(e => e.IsBusy),
                record.LastModified, record.Code.CodeSha256, record.FunctionName == projectFunction);
        }).ToList();

    /// <summary>The *.json files directly in the project's events folder, by name.</summary>
    public static List<string> EventNames(string? directory)
        => directory is not null && Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];

    /// <summary>
    /// Whether <paramref name="path"/>, a file of <paramref name="directory"/>, leads out of it through a symbolic link
    /// (the file's own, followed to its final target); links within the folder are fine.
    /// </summary>
    public static bool EscapesFolder(string directory, string path)
    {
        var file = new FileInfo(path);
        if (file.LinkTarget is null)
        {
            return false;
        }
        var target = file.ResolveLinkTarget(returnFinalTarget: true);
        if (target is null)
        {
            return true; // a link that cannot be resolved (a loop): refused rather than guessed
        }
        var folder = Path.TrimEndingDirectorySeparator(RealDirectory(directory)) + Path.DirectorySeparatorChar;
        var targetFolder = Path.TrimEndingDirectorySeparator(RealDirectory(Path.GetDirectoryName(target.FullName)!)) + Path.DirectorySeparatorChar;
        return !string.Equals(targetFolder, folder, StringComparison.Ordinal);
    }

    /// <summary>A folder's path with the links along it followed (each level from the root).</summary>
    private static string RealDirectory(string directory)
    {
        var full = Path.GetFullPath(directory);
        var root = Path.GetPathRoot(full)!;
        var real = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, part);
            var info = new DirectoryInfo(next);
            real = info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } resolved
                ? RealDirectory(resolved.FullName)
                : next;
        }
        return real;
    }

    public static HistorySummary Summary(HistoryEntry entry)
        => new(entry.Id, entry.RequestId, entry.FunctionName, entry.InvocationType, entry.CompletedAt, entry.Status)
        {
            FunctionError = entry.FunctionError,
            ErrorType = entry.ErrorType,
            ErrorMessage = entry.ErrorMessage is { Length: > 300 } message ? message[..300] + "…" : entry.ErrorMessage,
            Source = entry.Source,
            Qualifier = entry.Qualifier,
            Streamed = entry.Streamed,
            Figures = entry.Figures,
        };
}

internal sealed record FunctionView(
    string Name, string Runtime, string Architecture, int MemorySize, int Timeout, string Handler, List<string> Layers,
    string State, int WarmEnvironments, int BusyEnvironments, DateTimeOffset LastModified, string CodeSha256,
    bool IsProjectFunction);

/// <summary>A history entry as the list shows it: no texts, but what the row, the filter and the chart need.</summary>
internal sealed record HistorySummary(
    long Id, string RequestId, string FunctionName, string InvocationType, DateTimeOffset CompletedAt, string Status)
{
    public string? FunctionError { get; init; }
    public string? ErrorType { get; init; }
    public string? ErrorMessage { get; init; }
    public Environments.InvokeSource? Source { get; init; }
    public string? Qualifier { get; init; }
    public bool Streamed { get; init; }
    public ReportFigures Figures { get; init; } = ReportFigures.None;
}

/// <param name="Trace">Run the handler under the emulator's trace (Tracing.TraceFile); the entry then has Trace.</param>
/// <param name="Qualifier">A version or alias of the function (a re-run of an entry that named one); null: $LATEST.</param>
internal sealed record ConsoleInvokeRequest(string? FunctionName, string? InvocationType, string? Payload, bool Trace = false, string? Qualifier = null);

internal sealed record ConsoleInvokeAccepted(string RequestId);

/// <param name="Overwrite">Replace an existing file: the page asks first.</param>
internal sealed record ConsoleSaveEventRequest(string? Name, string? Content, bool Overwrite = false);

internal sealed record ConsoleEventSaved(string Name, string Message);

/// <summary>A kind of `generate-event`'s samples, offered as "new from sample".</summary>
internal sealed record ConsoleSampleKind(string Name, string Description);

internal sealed record ConsoleProblem(string Message);

/// <summary>Why the console's guard refused a request: {"error": "...", "message": "..."}.</summary>
internal sealed record ConsoleRefusalBody(string Error, string Message);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<FunctionView>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<HistorySummary>))]
[JsonSerializable(typeof(HistoryEntry))]
[JsonSerializable(typeof(ConsoleInvokeRequest))]
[JsonSerializable(typeof(ConsoleInvokeAccepted))]
[JsonSerializable(typeof(ConsoleSaveEventRequest))]
[JsonSerializable(typeof(ConsoleEventSaved))]
[JsonSerializable(typeof(List<ConsoleSampleKind>))]
[JsonSerializable(typeof(ConsoleProblem))]
[JsonSerializable(typeof(ConsoleRefusalBody))]
internal sealed partial class ConsoleJson : JsonSerializerContext;
