using Lambda.BashRuntime.Emulator.Environments;
using Microsoft.Extensions.DependencyInjection;

namespace Lambda.BashRuntime.Tests.Infrastructure;

public static class ServiceProviderExtensions
{
    public static SlotPool GetPool(this IServiceProvider services) => services.GetRequiredService<SlotPool>();
}
