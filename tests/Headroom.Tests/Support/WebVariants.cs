namespace Headroom.Tests.Support;

/// <summary>
/// Web-tier variants the real environments do not cover, synthesized once for the collection:
/// <c>use1</c> (us-east-1, so no secret replica; a Graviton instance type; a warm pool), <c>open</c> (no CloudFront
/// in front, HTTPS, a fixed AMI) and <c>custom</c> (a region without a built-in prefix list, a user-data
/// file from the repository, another port and health path, an AMI from an SSM parameter). The files live
/// in a temporary repository folder, so the user-data path resolves as it would in a real checkout; and <c>noqueues</c>, an environment without queues.
/// </summary>
public sealed class WebVariants : IDisposable
{
    /// <summary>An environment without queues (and so without workers).</summary>
    public const string NoQueues = "noqueues";

    public const string CustomUserData = "#!/bin/bash\necho port=@@APP_PORT@@ health=@@HEALTH_PATH@@ settings=@@PARAMETER_PATH@@ group=@@SIGNAL_RESOURCE@@\n";

    private const string Tags = "tags:\n  costCentre: shop\n  owner: team@example.com\n";
    private readonly string _root = Directory.CreateTempSubdirectory("headroom-web-variants-").FullName;

    public WebVariants()
    {
        var environments = Directory.CreateDirectory(Path.Combine(_root, "environments")).FullName;
        Directory.CreateDirectory(Path.Combine(_root, "userdata"));
        File.WriteAllText(Path.Combine(_root, "userdata", "custom.sh"), CustomUserData);
        File.WriteAllText(Path.Combine(environments, "use1.yaml"), """
            account: "111111111111"
            region: us-east-1
            availabilityZones: [us-east-1a, us-east-1b, us-east-1c]
            web:
              loadBalancer:
                allowPlainHttpOrigin: true
              fleet:
                instanceType: c7g.large
                warmPool:
                  maxPreparedCapacity: 9
            """ + "\n" + Tags);
        File.WriteAllText(Path.Combine(environments, "open.yaml"), """
            account: "111111111111"
            region: eu-west-1
            availabilityZones: [eu-west-1a, eu-west-1b]
            web:
              loadBalancer:
                behindCloudFront: false
                certificateArn: arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-4333-8444-555555555555
              fleet:
                amiId: ami-0123456789abcdef0
            """ + "\n" + Tags);
        File.WriteAllText(Path.Combine(environments, "custom.yaml"), """
            account: "111111111111"
            region: ap-east-1
            availabilityZones: [ap-east-1a, ap-east-1b]
            web:
              instancePort: 8080
              loadBalancer:
                cloudFrontPrefixListId: pl-0a1b2c3d4e5f60718
                allowPlainHttpOrigin: true
              healthCheck:
                path: /status
              fleet:
                amiSsmParameter: /shop/ami/web
                userDataFile: userdata/custom.sh
            """ + "\n" + Tags);
        File.WriteAllText(Path.Combine(environments, $"{NoQueues}.yaml"), TestConfig.With(TestConfig.Staging, "queues:\n  list: []"));
        App = new SynthesizedApp(ConfigLoader.LoadDirectory(environments));
    }

    public SynthesizedApp App { get; }

    public void Dispose()
    {
        App.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
