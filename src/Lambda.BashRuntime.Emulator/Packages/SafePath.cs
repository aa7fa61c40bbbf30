namespace Lambda.BashRuntime.Emulator.Packages;

/// <summary>
/// Resolves a path under a root the way the kernel would, following symbolic links that exist on disk one component
/// at a time, and answers null when the result leaves the root. Lexical checks alone are not enough: a link to "."
/// followed by ".." escapes although neither part looks dangerous.
/// </summary>
internal static class SafePath
{
    private const int MaxLinkHops = 40; // Linux's ELOOP limit.

    /// <summary>The real location of <paramref name="relative"/> under <paramref name="root"/>, or null when it escapes.</summary>
    public static string? Resolve(string root, string relative)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(Split(relative));
        var hops = 0;
        while (pending.First is { } node)
        {
            var component = node.Value;
            pending.RemoveFirst();
            if (component is "" or ".")
            {
                continue;
            }
            if (component == "..")
            {
                if (resolved.Count == 0)
                {
                    return null;
                }
                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var candidate = Path.Combine(root, Path.Combine([.. resolved, component]));
            var target = new FileInfo(candidate).LinkTarget;
            if (target is null)
            {
                resolved.Add(component);
                continue;
            }
            if (++hops > MaxLinkHops || Path.IsPathRooted(target))
            {
                return null;
            }
            foreach (var part in Split(target).Reverse())
            {
                pending.AddFirst(part);
            }
        }
        return Path.Combine([root, .. resolved]);
    }

    /// <summary>Every symbolic link under root, checked against the tree as it is now.</summary>
    public static string? FindEscapingLink(string root)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions
                 {
                     RecurseSubdirectories = true,
                     AttributesToSkip = 0,
                     IgnoreInaccessible = false,
                 }))
        {
            if (new FileInfo(path).LinkTarget is not null && Resolve(root, Path.GetRelativePath(root, path)) is null)
            {
                return Path.GetRelativePath(root, path);
            }
        }
        return null;
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
