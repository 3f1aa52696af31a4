using Spectre.Console;

namespace Headroom.Tests.Cli;

public sealed class PreviewCommandTests
{
    private static (int Code, string Out, string Progress, string Outdir) Run(string environments, params string[] names)
    {
        var outdir = Path.Combine(Path.GetTempPath(), "headroom-preview-" + Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        var progress = new StringWriter();
        var console = PlainConsole.Into(output, 160);
        var code = PreviewCommand.Run(environments, names, outdir, console, progress);
        return (code, output.ToString(), progress.ToString(), outdir);
    }

    [Fact]
    public void Preview_of_prod_shows_each_stack_its_resource_counts_and_the_network_settings()
    {
        var (code, output, progress, outdir) = Run(Repo.Environments, "prod");
        try
        {
            code.Should().Be(0);
            output.Should().Contain("Headroom-prod-Network").And.Contain("Headroom-prod-Data").And.Contain("Headroom-prod-App");
            output.Should().MatchRegex(@"AWS::EC2::Subnet\s+9");
            output.Should().Contain("VPC 10.20.0.0/16").And.Contain("3 NAT gateway(s)");
            // The web tier: the fleet's size, its scaling targets and how it is reached.
            output.Should().Contain("Web tier").And.Contain("Fleets").And.Contain("web: min 3, desired 3, max 30, in 3 private subnets")
                .And.Contain("scale on ALBRequestCountPerTarget: target 1200").And.Contain("scale on ASGAverageCPUUtilization: target 50")
                .And.Contain("scheduled '0 6 26 11 *' Europe/Dublin: min 200, max 260")
                .And.Contain("admits tcp/443 from prefix list pl-4fa04526 (CloudFront origin-facing)")
                .And.Contain("rollout: batches of 1, >= 3 in service");
            output.Should().MatchRegex(@"AWS::AutoScaling::AutoScalingGroup\s+3", "the web fleet, the checkout service and the worker fleet");
            // The edge (its own us-east-1 stack) and the queues.
            output.Should().Contain("Headroom-prod-Edge").And.Contain("CloudFront in Headroom-prod-Edge (us-east-1): shop.example.com, minimum TLSv1.2_2021")
                .And.Contain("WAF (CLOUDFRONT): rate limit 40000 requests per client IP per 300 s").And.Contain("origin 502/503/504 -> /busy.html")
                .And.Contain("load balancer over https-only with the X-Origin-Verify header").And.Contain("cookies [session], query strings [page, q, sort]")
                .And.Contain("static from the bucket (origin access control): /static/*, /assets/*; everything else to the load balancer")
                .And.Contain("to the load balancer uncached, every viewer header, cookie and query string forwarded: /checkout, /checkout/*, /api/cart/*");
            output.Should().Contain("checkout: min 3, desired 3, max 20, in 3 private subnets")
                .And.Contain("scheduled '0 6 26 11 *' Europe/Dublin: min 40, max 60")
                .And.Contain("security group of its own: admits tcp/80 from the load balancer's security group")
                .And.Contain("admitted by the data tier: checkout service to the database proxy; checkout service to the read replicas; checkout service to the cache")
                .And.Contain("rule 100: forwards to checkout if path /checkout or /checkout/* or /api/cart/* and X-Origin-Verify = origin-verify secret");
            output.Should().Contain("worker: min 3, desired (min at launch), max 20, in 3 private subnets")
                .And.Contain("scale on backlog per instance (visible messages of 3 queues / in-service instances): target 50");
            output.Should().Contain("headroom-prod-orders.fifo (FIFO): visibility 300 s, kept 4 days, dead-letter after 5 receives to headroom-prod-orders-dlq.fifo (kept 14 days)")
                .And.Contain("headroom-prod-emails:").And.Contain("headroom-prod-images:");
            // Monitoring: how many alarms, who hears them.
            output.Should().MatchRegex(@"\d+ alarms \(\d+ metric, 2 composite\)").And.Contain("topic headroom-prod-ops in Headroom-prod-App: 2 e-mail")
                .And.Contain("dashboard headroom-prod");
            output.Should().NotContain("staging", "only the named environment is previewed");
            progress.Should().Contain("[prod] building constructs").And.Contain("synthesizing");
            File.Exists(Path.Combine(outdir, "Headroom-prod-Network.template.json")).Should().BeTrue();
        }
        finally
        {
            if (Directory.Exists(outdir)) Directory.Delete(outdir, recursive: true);
        }
    }

    [Fact]
    public void An_invalid_environment_prints_every_error_and_synthesizes_nothing()
    {
        var dir = Directory.CreateTempSubdirectory("headroom-envs-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "qa.yaml"), TestConfig.With(TestConfig.Staging, "network:\n  natGateways: 9\n  flowLogs: true\nproduction: maybe"));

            var (code, output, progress, outdir) = Run(dir);

            code.Should().Be(1);
            output.Should().BeEmpty();
            progress.Should().Contain("3 configuration error(s)").And.Contain("qa.yaml:").And.Contain("network.natGateways")
                .And.Contain("network.flowLogs").And.Contain("production");
            Directory.Exists(outdir).Should().BeFalse();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
