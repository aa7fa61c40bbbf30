using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Emulator.Processes;

/// <summary>The one place that picks the runtime launcher of this OS.</summary>
public static class RuntimeLaunchers
{
    /// <summary>Windows: a Windows bash in a Job Object; elsewhere: bash in a process group of its own (setsid, or the starter on macOS).</summary>
    public static IServiceCollection AddRuntimeLauncher(this IServiceCollection services)
    {
        if (OperatingSystem.IsWindows())
        {
            services.AddSingleton<IJobObjects, WindowsJobObjects>();
            services.AddSingleton(HostEnvironment.Current);
            services.AddSingleton<IRuntimeLauncher, WindowsRuntimeLauncher>();
        }
        else
        {
            services.AddSingleton<IRuntimeLauncher, RuntimeLauncher>();
        }
        return services;
    }
}
