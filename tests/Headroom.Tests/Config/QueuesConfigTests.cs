namespace Headroom.Tests.Config;

public sealed class QueuesConfigTests
{
    private static string Queue(string body) => "queues:\n  list:\n    - " + body.Replace("\n", "\n      ");

    [Theory]
    [InlineData("orders", "orders")]
    [InlineData("orders", "Orders")]
    [InlineData("image-resize", "image_resize")]
    [InlineData("orders.fifo", "orders")]
    public void A_queue_named_twice_is_an_error_pointing_at_the_second(string first, string second)
    {
        var fifo1 = first.EndsWith(".fifo", StringComparison.Ordinal) ? "\n      fifo: true" : "";
        var yaml = $"queues:\n  list:\n    - name: {first}{fifo1}\n    - name: {second}";

        var document = TestConfig.With(TestConfig.Staging, yaml);
        var secondLine = document.Split('\n').ToList().FindLastIndex(l => l.Contains("- name:", StringComparison.Ordinal)) + 1;

        var errors = TestConfig.Errors(document);

        errors.Should().ContainSingle().Which.Should().Match<App.Config.ConfigError>(e =>
            e.Field == "queues.list[1].name" && e.Allowed.Contains("must not repeat a queue named before (queues.list[0]") && e.Line == secondLine);
    }

    [Fact]
    public void Defaults_give_orders_emails_and_images_with_five_receives_each()
    {
        var config = TestConfig.Parse(TestConfig.Staging);
        var queues = config.Queues.Settings(config).Queues;

        queues.Select(q => q.Name).Should().Equal("orders.fifo", "emails", "images");
        queues.Should().OnlyContain(q => q.MaxReceiveCount == 5 && q.RetentionDays == 4);
        queues[0].Fifo.Should().BeTrue();
        queues.Should().OnlyContain(q => q.VisibilityTimeoutSeconds >= q.ProcessingTimeSeconds);
    }

    [Fact]
    public void A_valid_queue_round_trips_every_field()
    {
        var config = TestConfig.Parse(TestConfig.With(TestConfig.Staging, Queue(
            "name: jobs.fifo\nfifo: true\ncontentBasedDeduplication: true\nmaxReceiveCount: 3\nvisibilityTimeoutSeconds: 120\nprocessingTimeSeconds: 100\nretentionDays: 13")));

        var q = config.Queues.Settings(config).Queues.Should().ContainSingle().Subject;
        (q.Name, q.BaseName, q.Fifo, q.ContentBasedDeduplication).Should().Be(("jobs.fifo", "jobs", true, true));
        (q.MaxReceiveCount, q.VisibilityTimeoutSeconds, q.ProcessingTimeSeconds, q.RetentionDays).Should().Be((3, 120, 100, 13));
    }

    [Fact]
    public void Workers_may_stop_altogether_outside_production_but_not_in_it()
    {
        const string none = "queues:\n  workers:\n    fleet:\n      minCapacity: 0";

        TestConfig.Errors(TestConfig.With(TestConfig.Staging, none)).Should().BeEmpty();
        TestConfig.Errors(TestConfig.With(TestConfig.Prod, none)).Should().ContainSingle()
            .Which.Should().Match<App.Config.ConfigError>(e => e.Field == "queues.workers.fleet.minCapacity" && e.Allowed.Contains("at least 3 in production"));
    }

    [Fact]
    public void Worker_settings_round_trip()
    {
        var config = TestConfig.Parse(TestConfig.With(TestConfig.Staging,
            "queues:\n  workers:\n    backlogPerInstance: 25\n    fleet:\n      instanceType: c7g.large\n      minCapacity: 0\n      maxCapacity: 8"));
        var workers = config.Queues.Workers;
        var fleet = workers.Fleet.Settings(config);

        workers.Settings(config).BacklogPerInstance.Should().Be(25);
        (fleet.InstanceType, fleet.MinCapacity, fleet.MaxCapacity).Should().Be(("c7g.large", 0, 8));
        var staging = TestConfig.Parse(TestConfig.Staging);
        staging.Queues.Workers.Settings(staging).BacklogPerInstance.Should().Be(100, "the default");
    }

    [Fact]
    public void Every_problem_of_every_queue_is_reported_at_once()
    {
        var yaml = "queues:\n  list:\n    - name: a\n      fifo: true\n      maxReceiveCount: 0\n    - name: b\n      visibilityTimeoutSeconds: 10\n    - name: a";

        var errors = TestConfig.Errors(TestConfig.With(TestConfig.Staging, yaml));

        errors.Select(e => e.Field).Should().BeEquivalentTo(
            ["queues.list[0].name", "queues.list[0].maxReceiveCount", "queues.list[1].visibilityTimeoutSeconds", "queues.list[2].name"]);
    }
}
