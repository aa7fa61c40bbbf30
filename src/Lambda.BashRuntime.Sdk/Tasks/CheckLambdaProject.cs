using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Lambda.BashRuntime.Sdk;

/// <summary>
/// Catches at build time what Lambda would only reject after an upload: no runtime file, a runtime that is not a bash
/// script, a Handler that names no file of the package.
/// </summary>
public sealed class CheckLambdaProject : Task
{
    /// <summary>The runtime file (property LambdaBootstrap).</summary>
    [Required]
    public string Bootstrap { get; set; } = "";

    /// <summary>"file.function" (property Handler).</summary>
    [Required]
    public string Handler { get; set; } = "";

    /// <summary>The function's files (items LambdaFunctionFile).</summary>
    public ITaskItem[] FunctionFiles { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        CheckBootstrap();
        CheckHandler();
        return !Log.HasLoggedErrors;
    }

    private void CheckBootstrap()
    {
        if (!File.Exists(Bootstrap))
        {
            Log.LogError(null, LambdaErrors.MissingBootstrap, null, Bootstrap, 0, 0, 0, 0,
                $"The runtime file '{Bootstrap}' was not found. Lambda starts the function by running it: restore it (dotnet new bash-runtime creates one) or set the LambdaBootstrap property to your runtime file.");
            return;
        }
        byte[] content;
        try
        {
            content = ScriptFile.Normalize(File.ReadAllBytes(Bootstrap));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, LambdaErrors.UnreadableFile, null, Bootstrap, 0, 0, 0, 0,
                $"Cannot read the runtime file '{Bootstrap}': {e.Message} Check that you may read it.");
            return;
        }
        var shebang = ScriptFile.Shebang(content);
        if (shebang is null || !ScriptFile.IsBash(shebang))
        {
            var found = shebang is null ? "has no #! line" : $"starts with '#!{shebang}'";
            Log.LogError(null, LambdaErrors.BootstrapNotBash, null, Bootstrap, 1, 1, 0, 0,
                $"The runtime file '{Bootstrap}' {found}. Lambda runs it directly and it is written for bash (on Debian and Ubuntu /bin/sh is dash, which breaks on bash syntax): make its first line '#!/bin/bash'.");
        }
    }

    private void CheckHandler()
    {
        var dot = Handler.IndexOf('.');
        if (dot <= 0 || dot == Handler.Length - 1)
        {
            Log.LogError(null, LambdaErrors.InvalidHandler, null, null, 0, 0, 0, 0,
                $"Handler '{Handler}' is not of the form file.function. Set the Handler property to, for example, 'function.handler' (function.sh, function handler).");
            return;
        }
        var handlerFile = Handler.Substring(0, dot) + ".sh";
        var names = FunctionFiles.Select(f => f.ItemSpec.Replace('\\', '/').TrimStart('.', '/'));
        if (!names.Contains(handlerFile, StringComparer.Ordinal))
        {
            Log.LogError(null, LambdaErrors.MissingHandlerFile, null, handlerFile, 0, 0, 0, 0,
                $"Handler '{Handler}' needs '{handlerFile}' in the function package, but the project has no such file. Create {handlerFile} next to the project file or change the Handler property.");
        }
    }
}
