using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;

namespace Lambda.BashRuntime.Sdk;

/// <summary>The little JSON the tasks write (netstandard2.0 has no System.Text.Json built in).</summary>
internal static class Json
{
    public static string String(string value)
    {
        var s = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': s.Append("\\\""); break;
                case '\\': s.Append("\\\\"); break;
                case '\n': s.Append("\\n"); break;
                case '\r': s.Append("\\r"); break;
                case '\t': s.Append("\\t"); break;
                default:
                    if (c < ' ') s.Append($"\\u{(int)c:x4}"); else s.Append(c);
                    break;
            }
        }
        return s.Append('"').ToString();
    }

    /// <summary>Items LambdaEnvironmentVariable (Include = name, metadata Value) as a JSON object.</summary>
    public static string Variables(IEnumerable<ITaskItem> variables)
        => "{" + string.Join(",", variables.Select(v => $"{String(v.ItemSpec)}:{String(v.GetMetadata("Value"))}")) + "}";
}
