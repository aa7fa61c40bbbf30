using System.Text.RegularExpressions;

namespace Lambda.BashRuntime.Emulator.Events;

/// <summary>One kind of sample event: its name on the command line, what it is, and the AWS page its example is from.</summary>
public sealed record SampleEventKind(string Name, string Description, string Documentation);

/// <summary>
/// AWS-shaped sample events for `generate-event`, like `sam local generate-event`. Each kind is one embedded JSON file
/// (Events/Samples/KIND.json) copied from the example on its AWS documentation page, with {{region}} and {{accountId}}
/// where the project's values go.
/// </summary>
public static partial class SampleEvents
{
    public static IReadOnlyList<SampleEventKind> Kinds { get; } =
    [
        new("function-url", "A Function URL or API Gateway HTTP API request (payload format 2.0).",
            "https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-request-payload"),
        new("rest-api", "An API Gateway REST API request (Lambda proxy integration, payload format 1.0).",
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format"),
        new("sqs", "A message from an Amazon SQS queue.", "https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html"),
        new("sns", "A notification from an Amazon SNS topic.", "https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html"),
        new("s3-put", "An object created in an Amazon S3 bucket (ObjectCreated:Put).", "https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html"),
        new("schedule", "An EventBridge scheduled event (a rule with a schedule expression).",
            "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html"),
        new("dynamodb-stream", "An item inserted into a DynamoDB table, from its stream.", "https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html"),
        new("alb", "A request through an Application Load Balancer.",
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html"),
    ];

    /// <summary>The event of <paramref name="kind"/> (one of <see cref="Kinds"/>) for this region and account.</summary>
    public static string Generate(string kind, string region, string accountId)
    {
        if (!Kinds.Any(k => k.Name == kind))
        {
            throw new ArgumentException($"unknown event kind '{kind}'", nameof(kind));
        }
        using var stream = typeof(SampleEvents).Assembly.GetManifestResourceStream($"SampleEvents/{kind}.json")
            ?? throw new InvalidOperationException($"the sample of '{kind}' is not embedded in the emulator");
        using var reader = new StreamReader(stream);
        var template = reader.ReadToEnd();
        return Placeholder().Replace(template, match => match.Groups[1].Value switch
        {
            "region" => region,
            "accountId" => accountId,
            var other => throw new InvalidOperationException($"the sample of '{kind}' has an unknown placeholder {{{{{other}}}}}"),
        });
    }

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex Placeholder();
}
