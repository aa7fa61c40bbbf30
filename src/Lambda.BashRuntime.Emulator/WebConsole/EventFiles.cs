using System.Text;
using System.Text.RegularExpressions;

namespace Lambda.BashRuntime.Emulator.WebConsole;

/// <summary>
/// Saving the console's edited event as events/NAME.json: a plain name (letters, digits, '.', '_', '-'), JSON content,
/// never over an existing file unless the page confirmed it, and only inside the project's events folder: the folder
/// must not be a link, nor the file (a link there is replaced by the file, never written through), and the bytes go to
/// a new file in that folder first, renamed into place once whole.
/// </summary>
internal static partial class EventFiles
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex PlainName();

    /// <summary>NAME.json for a valid name (".json" added when missing), else null with why.</summary>
    public static string? FileName(string? name, out string problem)
    {
        var bare = (name ?? "").Trim();
        if (bare.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            bare = bare[..^5];
        }
        if (!PlainName().IsMatch(bare) || bare.Contains("..", StringComparison.Ordinal))
        {
            problem = $"'{name}' is not a plain file name: use 1 to 64 letters, digits, '.', '_' or '-' "
                + "(starting with a letter or digit), such as order-created.";
            return null;
        }
        problem = "";
        return bare + ".json";
    }

    public enum Saved { Created, Replaced, Exists, Refused }

    /// <summary>Writes <paramref name="json"/> as <paramref name="fileName"/> in <paramref name="directory"/>.</summary>
    public static (Saved Outcome, string Message) Save(string directory, string fileName, string json, bool overwrite)
    {
        var folder = new DirectoryInfo(directory);
        if (folder.LinkTarget is not null)
        {
            return (Saved.Refused, $"events/ is a symbolic link ({folder.LinkTarget}); the console writes only into a real events folder of the project.");
        }
        folder.Create();
        var path = Path.Combine(folder.FullName, fileName);
        var existing = new FileInfo(path);
        if (existing.LinkTarget is not null && ConsoleViews.EscapesFolder(folder.FullName, path))
        {
            return (Saved.Refused, $"events/{fileName} is a symbolic link out of the events folder; the console does not write through it. Remove the link first.");
        }
        var exists = existing.Exists || existing.LinkTarget is not null;
        if (exists && !overwrite)
        {
            return (Saved.Exists, $"events/{fileName} exists already: confirm to replace it.");
        }
        var temporary = Path.Combine(folder.FullName, $".{fileName}.{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(Encoding.UTF8.GetBytes(json.EndsWith('\n') ? json : json + "\n"));
        }
        File.Move(temporary, path, overwrite: true); // rename(2): replaces a link itself, never its target
        return exists ? (Saved.Replaced, $"Replaced events/{fileName}.") : (Saved.Created, $"Saved as events/{fileName}.");
    }
}
