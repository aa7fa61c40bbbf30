using Microsoft.Extensions.DependencyInjection.Extensions;
using Lambda.BashRuntime.Emulator.Errors;
using Lambda.BashRuntime.Emulator.Functions;
using Lambda.BashRuntime.Emulator.Layers;
using Lambda.BashRuntime.Emulator.Packages;
using Lambda.BashRuntime.Emulator.Storage;

namespace Lambda.BashRuntime.Emulator.ControlPlane;

/// <summary>The two calls the host makes: register the control plane's services, then map its endpoints.</summary>
public static class ControlPlaneExtensions
{
    /// <summary>
    /// Registers the control plane. The host registers <see cref="FunctionRegistry"/> itself (a singleton); the
    /// control plane fills it.
    /// </summary>
    public static IServiceCollection AddControlPlane(this IServiceCollection services, ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton(_ => new WorkDirectory(options.WorkDirectory));
        services.TryAddSingleton<DurableWrites>();
        services.AddSingleton(sp => new ControlPlaneState(
            options.StateDirectory, sp.GetRequiredService<WorkDirectory>().Path, sp.GetRequiredService<DurableWrites>(),
            snapshot => StoredState.Problem(snapshot, options.AccountId)));
        services.AddSingleton(sp => new LayerService(sp.GetRequiredService<ControlPlaneState>(), options, sp.GetRequiredService<WorkDirectory>().Path));
        services.AddSingleton(sp => new FunctionMaterializer(sp.GetRequiredService<ControlPlaneState>(), options, sp.GetRequiredService<WorkDirectory>().Path));
        services.AddSingleton<FunctionService>();
        services.AddSingleton<FunctionUrlService>();
        services.AddSingleton<FunctionPolicyService>();
        services.AddSingleton<EventInvokeConfigs>();
        services.AddSingleton<AliasService>();
        services.AddSingleton<FunctionSettingsService>();
        services.AddSingleton<ReservedConcurrency>();
        return services;
    }

    /// <summary>
    /// Maps the control plane's routes (2015-03-31 functions, versions, aliases and policies, 2021-10-31 function URLs, 2018-10-31 layers, tags, concurrency, account settings; every other operation of the model answers that it is not offered) and, with a state directory, unpacks
    /// and publishes the stored functions before the first request.
    /// </summary>
    public static IEndpointRouteBuilder MapControlPlane(this IEndpointRouteBuilder endpoints)
    {
        endpoints.ServiceProvider.GetRequiredService<FunctionService>().RestoreAll();
        var api = endpoints.MapGroup("");
        api.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (AwsException error)
            {
                return new AwsErrorResult(error);
            }
            catch (PackageException error)
            {
                // A zip Lambda would refuse (corrupt, unsafe, too large once unpacked), wherever it was found.
                return new AwsErrorResult(AwsException.InvalidParameter(error.Message));
            }
            catch (InvalidDataException error)
            {
                // A stored zip changed outside the emulator: the state, not the request.
                return new AwsErrorResult(AwsException.Service(error.Message));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // The disk, not the request: answered as AWS answers its own failures (the CLI retries a 5xx).
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>()
                    .CreateLogger(typeof(ControlPlaneExtensions)).LogError(error, "Control plane request failed");
                return new AwsErrorResult(DiskErrors.Service("store or unpack the package", error));
            }
        });
        FunctionEndpoints.Map(api);
        FunctionUrlEndpoints.Map(api);
        FunctionPolicyEndpoints.Map(api);
        LayerEndpoints.Map(api);
        EventInvokeConfigEndpoints.Map(api);
        AliasEndpoints.Map(api);
        SettingsEndpoints.Map(api);
        UnsupportedOperations.Map(endpoints);
        return endpoints;
    }
}
