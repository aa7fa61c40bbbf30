namespace Lambda.BashRuntime.Tests.Emulator;

/// <summary>
/// The example event of each kind as its AWS documentation page shows it (fields trimmed to one record, values as
/// printed there): what `generate-event` must match, field name for field name and JSON type for JSON type.
/// </summary>
public static class DocumentedEvents
{
    public static IReadOnlyDictionary<string, string> Examples { get; } = new Dictionary<string, string>
    {
        // https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-request-payload
        ["function-url"] = """
            {"version":"2.0","routeKey":"$default","rawPath":"/my/path","rawQueryString":"parameter1=value1&parameter1=value2&parameter2=value",
             "cookies":["cookie1","cookie2"],"headers":{"header1":"value1","header2":"value1,value2"},
             "queryStringParameters":{"parameter1":"value1,value2","parameter2":"value"},
             "requestContext":{"accountId":"123456789012","apiId":"<urlid>","domainName":"<url-id>.lambda-url.us-west-2.on.aws",
               "domainPrefix":"<url-id>","http":{"method":"POST","path":"/my/path","protocol":"HTTP/1.1","sourceIp":"123.123.123.123","userAgent":"agent"},
               "requestId":"id","routeKey":"$default","stage":"$default","time":"12/Mar/2020:19:03:58 +0000","timeEpoch":1583348638390},
             "body":"Hello from client!","isBase64Encoded":false}
            """,
        // https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
        ["rest-api"] = """
            {"resource":"/my/path","path":"/my/path","httpMethod":"GET","headers":{"header1":"value1","header2":"value2"},
             "multiValueHeaders":{"header1":["value1"],"header2":["value1","value2"]},
             "queryStringParameters":{"parameter1":"value1","parameter2":"value"},
             "multiValueQueryStringParameters":{"parameter1":["value1","value2"],"parameter2":["value"]},
             "requestContext":{"accountId":"123456789012","apiId":"id","authorizer":{"claims":null,"scopes":null},"domainName":"id.execute-api.us-east-1.amazonaws.com",
               "domainPrefix":"id","extendedRequestId":"request-id","httpMethod":"GET",
               "identity":{"accessKey":null,"accountId":null,"caller":null,"cognitoAuthenticationProvider":null,"cognitoAuthenticationType":null,
                 "cognitoIdentityId":null,"cognitoIdentityPoolId":null,"principalOrgId":null,"sourceIp":"IP","user":null,"userAgent":"user-agent",
                 "userArn":null,"clientCert":null},
               "path":"/my/path","protocol":"HTTP/1.1","requestId":"id=","requestTime":"04/Mar/2020:19:15:17 +0000","requestTimeEpoch":1583349317135,
               "resourceId":null,"resourcePath":"/my/path","stage":"$default"},
             "pathParameters":null,"stageVariables":null,"body":"Hello from Lambda!","isBase64Encoded":false}
            """,
        // https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html (Example Amazon SQS message event (standard queue))
        ["sqs"] = """
            {"Records":[{"messageId":"059f36b4-87a3-44ab-83d2-661975830a7d","receiptHandle":"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...","body":"Test message.",
              "attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1545082649183","SenderId":"AIDAIENQZJOLO23YVJ4VO","ApproximateFirstReceiveTimestamp":"1545082649185"},
              "messageAttributes":{"myAttribute":{"stringValue":"myValue","stringListValues":[],"binaryListValues":[],"dataType":"String"}},
              "md5OfBody":"e4e68fb7bd0e697a0ae8f1bb342846b3","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-2:123456789012:my-queue","awsRegion":"us-east-2"}]}
            """,
        // https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html (Example SNS message event)
        ["sns"] = """
            {"Records":[{"EventVersion":"1.0","EventSubscriptionArn":"arn:aws:sns:us-east-1:123456789012:sns-lambda:21be56ed-a058-49f5-8c98-aedd2564c486",
              "EventSource":"aws:sns","Sns":{"SignatureVersion":"1","Timestamp":"2019-01-02T12:45:07.000Z","Signature":"tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==",
              "SigningCertUrl":"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-ac565b8b1a6c5d002d285f9598aa1d9b.pem","MessageId":"95df01b4-ee98-5cb9-9903-4c221d41eb5e",
              "Message":"Hello from SNS!","MessageAttributes":{"Test":{"Type":"String","Value":"TestString"},"TestBinary":{"Type":"Binary","Value":"TestBinary"}},
              "Type":"Notification","UnsubscribeUrl":"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&amp;SubscriptionArn=arn:aws:sns:us-east-1:123456789012:test-lambda:21be56ed-a058-49f5-8c98-aedd2564c486",
              "TopicArn":"arn:aws:sns:us-east-1:123456789012:sns-lambda","Subject":"TestInvoke"}}]}
            """,
        // https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html (Example Amazon S3 notification event)
        ["s3-put"] = """
            {"Records":[{"eventVersion":"2.0","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"1970-01-01T00:00:00.000Z","eventName":"ObjectCreated:Put",
              "userIdentity":{"principalId":"EXAMPLE"},"requestParameters":{"sourceIPAddress":"127.0.0.1"},
              "responseElements":{"x-amz-request-id":"EXAMPLE123456789","x-amz-id-2":"EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH"},
              "s3":{"s3SchemaVersion":"1.0","configurationId":"testConfigRule","bucket":{"name":"amzn-s3-demo-bucket","ownerIdentity":{"principalId":"EXAMPLE"},
                "arn":"arn:aws:s3:::amzn-s3-demo-bucket"},"object":{"key":"test%2Fkey","size":1024,"eTag":"0123456789abcdef0123456789abcdef","sequencer":"0A1B2C3D4E5F678901"}}}]}
            """,
        // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html (a scheduled event)
        ["schedule"] = """
            {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event","source":"aws.events","account":"123456789012",
             "time":"2015-10-08T16:53:06Z","region":"us-east-1","resources":["arn:aws:events:us-east-1:123456789012:rule/my-scheduled-rule"],"detail":{}}
            """,
        // https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html (Example DynamoDB stream event)
        ["dynamodb-stream"] = """
            {"Records":[{"eventID":"1","eventVersion":"1.0","dynamodb":{"Keys":{"Id":{"N":"101"}},"NewImage":{"Message":{"S":"New item!"},"Id":{"N":"101"}},
              "StreamViewType":"NEW_AND_OLD_IMAGES","SequenceNumber":"111","SizeBytes":26},"awsRegion":"us-west-2","eventName":"INSERT",
              "eventSourceARN":"arn:aws:dynamodb:us-west-2:123456789012:table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899","eventSource":"aws:dynamodb"}]}
            """,
        // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html (Receive events from the load balancer)
        ["alb"] = """
            {"requestContext":{"elb":{"targetGroupArn":"arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/lambda-279XGJDqGZ5rsrHC2Fjr/49e9d65c45c6791a"}},
             "httpMethod":"GET","path":"/lambda","queryStringParameters":{"query":"1234ABCD"},
             "headers":{"accept":"text/html","accept-encoding":"gzip","accept-language":"en-US,en;q=0.9","connection":"keep-alive","host":"lambda-alb-123578498.us-east-2.elb.amazonaws.com",
               "upgrade-insecure-requests":"1","user-agent":"Mozilla/5.0","x-amzn-trace-id":"Root=1-5c536348-3d683b8b04734faae651f476",
               "x-forwarded-for":"72.12.164.125","x-forwarded-port":"80","x-forwarded-proto":"http","x-imforwardedfor":"72.12.164.125"},
             "body":"","isBase64Encoded":false}
            """,
    };
}
