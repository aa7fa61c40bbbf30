using System.Text;
using System.Text.Json;

namespace Lambda.BashRuntime.Emulator.Policies;

/// <summary>One condition of a statement: <c>"Condition":{"Operator":{"Key":"Value"}}</c>.</summary>
internal readonly record struct PolicyCondition(string Operator, string Key, string Value);

/// <summary>
/// One statement of a resource policy (a function's or a layer version's), written as Lambda writes it:
/// Sid, Effect Allow, Principal ("*", {"Service":...} for a service, else {"AWS":...} with an account id turned into
/// its root ARN), Action, Resource, then Condition with its operators in the order their first condition comes.
/// </summary>
internal sealed record PolicyStatement(string Sid, string Principal, string Action, string Resource, IReadOnlyList<PolicyCondition> Conditions)
{
    /// <summary>The statement alone, as AddPermission and AddLayerVersionPermission return it.</summary>
    public string ToJson() => Write(WriteTo);

    /// <summary>The policy document, as GetPolicy and GetLayerVersionPolicy return it.</summary>
    public static string Document(IEnumerable<PolicyStatement> statements) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("Version", "2012-10-17");
        writer.WriteString("Id", "default");
        writer.WriteStartArray("Statement");
        foreach (var statement in statements)
        {
            statement.WriteTo(writer);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("Sid", Sid);
        writer.WriteString("Effect", "Allow");
        if (Principal == "*")
        {
            writer.WriteString("Principal", "*");
        }
        else
        {
            writer.WriteStartObject("Principal");
            if (Principal.EndsWith(".amazonaws.com", StringComparison.Ordinal))
            {
                writer.WriteString("Service", Principal);
            }
            else
            {
                writer.WriteString("AWS", Principal.StartsWith("arn:", StringComparison.Ordinal) ? Principal : $"arn:aws:iam::{Principal}:root");
            }
            writer.WriteEndObject();
        }
        writer.WriteString("Action", Action);
        writer.WriteString("Resource", Resource);
        if (Conditions.Count > 0)
        {
            writer.WriteStartObject("Condition");
            foreach (var group in Conditions.GroupBy(c => c.Operator, StringComparer.Ordinal))
            {
                writer.WriteStartObject(group.Key);
                foreach (var condition in group)
                {
                    writer.WriteString(condition.Key, condition.Value);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }
}
