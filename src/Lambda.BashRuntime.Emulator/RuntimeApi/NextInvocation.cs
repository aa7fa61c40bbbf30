using System.Globalization;
using Lambda.BashRuntime.Emulator.Environments;

namespace Lambda.BashRuntime.Emulator.RuntimeApi;

/// <summary>GET /runtime/invocation/next: blocks until this environment's next event, then sends it with its context.</summary>
internal static class NextInvocation
{
    public static async Task HandleAsync(HttpContext context, ExecutionEnvironment environment)
    {
        Invocation? invocation;
        try
        {
            invocation = await environment.NextAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return; // the runtime went away while waiting (killed, or its connection dropped)
        }
        if (invocation is null)
        {
            // The environment is being shut down or replaced: the runtime is about to be killed.
            context.Response.StatusCode = StatusCodes.Status410Gone;
            return;
        }

        var response = context.Response;
        var headers = response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = invocation.DeadlineMs.ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.InvokedFunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        if (invocation.ClientContext is { } clientContext)
        {
            headers["Lambda-Runtime-Client-Context"] = clientContext;
        }
        if (invocation.CognitoIdentity is { } cognitoIdentity)
        {
            headers["Lambda-Runtime-Cognito-Identity"] = cognitoIdentity;
        }
        if (invocation.Trace)
        {
            // Emulator-only: Lambda never sends it, so a bootstrap there behaves exactly as without it.
            // The environment's own folder: bound into its sandbox alone, so no other environment sees the trace.
            var folder = environment.TraceFolder
                ?? Tracing.TraceFile.FolderIn(context.RequestServices.GetRequiredService<Hosting.EmulatorPaths>().Scratch);
            invocation.TraceFile ??= Tracing.TraceFile.Create(folder);
            var sandboxed = context.RequestServices.GetRequiredService<Processes.SandboxChoice>().Mode == Processes.SandboxMode.Bwrap;
            headers[Tracing.TraceFile.Header] = sandboxed // the path as the runtime sees it
                ? Processes.BwrapArguments.TraceFolder + "/" + System.IO.Path.GetFileName(invocation.TraceFile.Path)
                : invocation.TraceFile.Path;
        }
        response.ContentType = "application/json";
        response.ContentLength = invocation.Payload.Length;
        await response.Body.WriteAsync(invocation.Payload);
    }
}
