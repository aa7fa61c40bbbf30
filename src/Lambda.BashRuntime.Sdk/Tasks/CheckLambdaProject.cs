using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Lambda.BashRuntime.Sdk;

/// <summary>
/// Catches at build time what Lambda would only reject after an upload: no runtime file, a runtime that is not a bash
/// script, a Handler that names no file of the package, settings outside Lambda's rules.
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

    public string FunctionName { get; set; } = "";
    public string Runtime { get; set; } = "";
    public string Architecture { get; set; } = "";
    public string Timeout { get; set; } = "";
    public string MemorySize { get; set; } = "";
    public string Region { get; set; } = "";
    public string LayerName { get; set; } = "";

    /// <summary>The bash to check scripts with (property LambdaBash); empty: LAMBDA_BASH, else the newest found.</summary>
    public string Bash { get; set; } = "";

    public override bool Execute()
    {
        CheckBootstrap();
        CheckHandler();
        CheckSettings();
        if (!Log.HasLoggedErrors)
        {
            CheckSyntax();
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>
    /// `bash -n` on every script with the bash the emulator will run (BashLocator): a syntax error is a build error
    /// with its line, not a Runtime.ExitError at the first invoke. A configured bash that cannot be used is an error
    /// (LBR027); with none configured and none installed (Windows without Git Bash or WSL) the check is skipped.
    /// </summary>
    private void CheckSyntax()
    {
        FoundBash bash;
        try
        {
            bash = BashLocator.Locate(Bash, "LambdaBash");
        }
        catch (BashNotFoundException e)
        {
            if (Bash.Trim().Length > 0 || Environment.GetEnvironmentVariable(BashLocator.Variable) is { Length: > 0 })
            {
                Log.LogError(null, LambdaErrors.BashNotUsable, null, null, 0, 0, 0, 0, e.Message);
            }
            else
            {
                Log.LogMessage(MessageImportance.Normal, $"Scripts not checked with bash -n: {e.Message}");
            }
            return;
        }
        var scripts = new[] { Bootstrap }.Concat(FunctionFiles.Select(f => f.ItemSpec))
            .Where(f => ScriptFile.IsScript(f.Replace('\\', '/')) && File.Exists(f));
        foreach (var script in scripts)
        {
            byte[] content;
            try
            {
                content = ScriptFile.ReadNormalized(BuildEngine, script);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // unreadable: the zip task reports it (LBR004)
            }
            var problem = BashSyntax.Check(content, bash);
            if (problem is not null)
            {
                Log.LogError(null, LambdaErrors.ScriptSyntaxError, null, script, problem.Line, 0, 0, 0,
                    BashSyntax.Describe(script, problem, bash));
            }
        }
    }

    /// <summary>The rules of Lambda's API (CreateFunction, PublishLayerVersion), checked before anything is uploaded.</summary>
    private void CheckSettings()
    {
        Check(LambdaErrors.InvalidFunctionName, nameof(FunctionName), FunctionName, Regex.IsMatch(FunctionName, LambdaRules.FunctionNamePattern),
            "must be 1 to 64 letters, digits, hyphens (-) or underscores (_)");
        Check(LambdaErrors.InvalidRuntime, nameof(Runtime), Runtime, LambdaRules.Runtimes.Contains(Runtime),
            $"must be {string.Join(" or ", LambdaRules.Runtimes)} (\"{LambdaRules.DeprecatedRuntime}\", Amazon Linux 1, is deprecated)");
        Check(LambdaErrors.InvalidArchitecture, nameof(Architecture), Architecture, LambdaRules.Architectures.Contains(Architecture),
            $"must be {string.Join(" or ", LambdaRules.Architectures)}");
        Check(LambdaErrors.InvalidTimeout, nameof(Timeout), Timeout,
            int.TryParse(Timeout, out var timeout) && timeout is >= LambdaRules.MinTimeout and <= LambdaRules.MaxTimeout,
            $"must be a whole number of seconds from {LambdaRules.MinTimeout} to {LambdaRules.MaxTimeout}");
        Check(LambdaErrors.InvalidMemorySize, nameof(MemorySize), MemorySize,
            int.TryParse(MemorySize, out var memory) && memory is >= LambdaRules.MinMemorySize and <= LambdaRules.MaxMemorySize,
            $"must be a whole number of megabytes from {LambdaRules.MinMemorySize} to {LambdaRules.MaxMemorySize}");
        Check(LambdaErrors.InvalidRegion, nameof(Region), Region, Region.Length == 0 || Regex.IsMatch(Region, LambdaRules.RegionPattern),
            "must be an AWS region such as us-east-1 or ap-northeast-1, or empty for the AWS CLI's own");
        Check(LambdaErrors.InvalidLayerName, nameof(LayerName), LayerName,
            LayerName.Length == 0 || Regex.IsMatch(LayerName, LambdaRules.LayerNamePattern) || Regex.IsMatch(LayerName, LambdaRules.LayerArnPattern),
            "must be 1 to 140 letters, digits, hyphens (-) or underscores (_), or a layer ARN");
    }

    private void Check(string code, string property, string value, bool valid, string rule)
    {
        if (!valid)
        {
            Log.LogError(null, code, null, null, 0, 0, 0, 0,
                $"{property} '{value}' {rule}. Change it in the project file, or pass -p:{property}=... on the command line.");
        }
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
            content = ScriptFile.ReadNormalized(BuildEngine, Bootstrap);
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
