using Amazon.CDK.AWS.SNS.Subscriptions;

namespace Headroom.Blocks.Monitoring;

public sealed class OpsTopicProps
{
    /// <summary>Such as "headroom-prod"; the topic is "&lt;prefix&gt;-ops".</summary>
    public required string NamePrefix { get; init; }
    public IReadOnlyList<string> Emails { get; init; } = [];
    /// <summary>An https:// endpoint (PagerDuty, Opsgenie, a Slack relay), or null.</summary>
    public string? WebhookUrl { get; init; }
}

/// <summary>
/// The ops SNS topic alarms and scaling notifications go to: encrypted with its own customer-managed key
/// (CloudWatch and EC2 Auto Scaling may use it to publish), publishing over TLS only, with the e-mail and
/// webhook subscriptions from config. One per region: an alarm can only notify a topic in its own region.
/// </summary>
public sealed class OpsTopic : Construct
{
    public Topic Topic { get; }
    public Key Key { get; }

    public OpsTopic(Construct scope, string id, OpsTopicProps props) : base(scope, id)
    {
        var stack = Stack.Of(this);
        Common.Settings.Enforce(nameof(OpsTopic), r => MonitoringSettings.CheckRecipients(r, props.Emails, props.WebhookUrl));

        Key = new Key(this, "Key", new KeyProps
        {
            Description = $"{props.NamePrefix} ops topic: alarm and scaling notifications",
            EnableKeyRotation = true,
            // The key protects messages in flight only; nothing stays encrypted under it once delivered.
            RemovalPolicy = RemovalPolicy.DESTROY,
            PendingWindow = Duration.Days(30),
        });
        // CloudWatch publishes alarm state changes through SNS, which encrypts with this key for it.
        Key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudWatchAlarmsPublish",
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resources = ["*"],
        }));
        // Scaling notifications are published by the EC2 Auto Scaling service-linked role. Named by a
        // condition, not as principal: a key policy naming a role that does not exist yet (a fresh account,
        // before its first Auto Scaling group) is rejected.
        Key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AutoScalingNotificationsPublish",
            Principals = [new AnyPrincipal()],
            Actions = ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resources = ["*"],
            Conditions = new Dictionary<string, object>
            {
                ["ArnEquals"] = new Dictionary<string, object>
                {
                    ["aws:PrincipalArn"] = $"arn:{stack.Partition}:iam::{stack.Account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
                },
                ["StringEquals"] = new Dictionary<string, object> { ["kms:CallerAccount"] = stack.Account },
            },
        }));

        Topic = new Topic(this, "Topic", new TopicProps
        {
            TopicName = $"{props.NamePrefix}-ops",
            DisplayName = $"{props.NamePrefix} ops",
            MasterKey = Key,
            // Denies sns:Publish when aws:SecureTransport is false.
            EnforceSSL = true,
            // SHA256 signatures for what HTTPS endpoints verify.
            SignatureVersion = "2",
        });
        // The topic policy replaces SNS's default one: admit CloudWatch alarms of this account explicitly.
        Topic.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "CloudWatchAlarmsPublish",
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [Topic.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = stack.Account },
                ["ArnLike"] = new Dictionary<string, object> { ["aws:SourceArn"] = $"arn:{stack.Partition}:cloudwatch:{stack.Region}:{stack.Account}:alarm:*" },
            },
        }));

        foreach (var email in props.Emails)
            Topic.AddSubscription(new EmailSubscription(email));
        if (props.WebhookUrl is { } webhook)
            Topic.AddSubscription(new UrlSubscription(webhook, new UrlSubscriptionProps { Protocol = SubscriptionProtocol.HTTPS }));
    }
}
