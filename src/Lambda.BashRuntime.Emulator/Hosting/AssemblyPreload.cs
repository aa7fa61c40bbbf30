using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Lambda.BashRuntime.Emulator.Hosting;

/// <summary>
/// Loads every assembly the emulator references, directly or not, before its ports open. .NET loads an assembly on
/// first use, which opens its file; when a flood of connections has used up the process's descriptors at that moment,
/// the load fails, and the runtime keeps that failure (and the failed type initializer that wanted the assembly) for
/// the life of the process. Found under a connection flood: Kestrel's status-line table failed to initialize once and
/// every answer on every port failed after it, long after the flood was gone. Loaded up front, a flood can fail a
/// request while it lasts but nothing after it.
/// </summary>
internal static class AssemblyPreload
{
    /// <summary>Loads the closure of <paramref name="root"/>'s references.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only the JIT-compiled emulator walks references; the native one returns first.")]
    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty Location is the test: no assembly comes from a file of its own.")]
    public static void LoadReferencesOf(Assembly root)
    {
        // Native AOT: every assembly is compiled into the executable, none is loaded from a file later. (Not
        // RuntimeFeature.IsDynamicCodeSupported: PublishAot turns that off in the JIT-compiled build too.)
        if (string.IsNullOrEmpty(root.Location))
        {
            return;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { root.GetName().Name! };
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is not { } name || !seen.Add(name))
                {
                    continue;
                }
                try
                {
                    pending.Push(Assembly.Load(reference));
                }
                catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // referenced but not shipped for this platform (a Windows-only facade): never used here either
                }
            }
        }
    }
}
