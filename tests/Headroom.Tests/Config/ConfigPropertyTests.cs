using CsCheck;
using Headroom.App.Config;
using Headroom.Tests.Support;

namespace Headroom.Tests.Config;

/// <summary>
/// Whatever a file holds, the loader either returns a config or throws a validation error that names
/// a file, a line and a field: never another exception.
/// </summary>
public sealed class ConfigPropertyTests
{
    private static readonly string[] Keys =
    [
        "account", "region", "production", "availabilityZones", "tags", "network", "vpcCidr", "natGateways",
        "costCentre", "owner", "additional", "flowLogRetentionDays", "flowLogTraffic", "web", "database", "cache",
        "edge", "queues", "monitoring", "project", "bogus", "<<", "",
        "engineVersion", "instanceClass", "replicas", "replicaInstanceClassOverrides", "backupWindow", "maintenanceWindow",
        "snapshotWindow", "proxy", "maxConnectionsPercent", "clusterMode", "shards", "multiAz", "engine", "port",
        "list", "name", "fifo", "maxReceiveCount", "visibilityTimeoutSeconds", "processingTimeSeconds", "retentionDays",
        "priceClass", "domainNames", "certificateArn", "staticPaths", "forwardedCookies", "rateLimit", "commonRulesToCount",
        "emails", "webhookUrl", "runbookBaseUrl", "alarms", "rdsCpu", "alb5xxRate", "threshold", "periodSeconds",
        "datapointsToAlarm", "evaluationPeriods", "additionalMetrics",
    ];

    private static readonly string[] Scalars =
    [
        "1", "-1", "0", "99999999999999999999", "3.5", "1e400", ".nan", "true", "false", "yes", "null", "~", "\"\"",
        "eu-west-1", "eu-west-1a", "10.0.0.0/16", "\"111111111111\"", "'quoted'", "\"\\u0000\"", "*alias", "&anchor x",
        "!!binary aGk=", "!custom tag", "|\n  block", "all", "reject",
        "16", "99999999999", "7.1", "valkey", "db.r7g.large", "02:00-03:00", "23:59-00:00", "sun:03:30-sun:04:30", "xyz:99:99-abc:00:00",
        "oncall@example.com", "https://events.example.com/x", "http://x", "https://u:p@x/", "db.x1e.xlarge",
    ];

    private static Gen<string> Node(int depth) =>
        depth <= 0
            ? Gen.OneOfConst(Scalars)
            : Gen.Frequency(
                (4, Gen.OneOfConst(Scalars)),
                (2, Gen.Select(Gen.OneOfConst(Keys), Node(depth - 1)).Array[0, 4]
                    .Select(pairs => "{" + string.Join(", ", pairs.Select(p => $"{p.Item1}: {p.Item2}")) + "}")),
                (2, Node(depth - 1).Array[0, 4].Select(items => "[" + string.Join(", ", items) + "]")));

    /// <summary>Random documents built from the model's own field names, nested to any shape.</summary>
    private static readonly Gen<string> Documents =
        Gen.Select(Gen.OneOfConst(Keys), Node(3)).Array[0, 8]
            .Select(pairs => string.Join("\n", pairs.Select(p => $"{p.Item1}: {p.Item2}")));

    /// <summary>A valid file with random characters inserted, lines dropped or lines swapped.</summary>
    private static readonly Gen<string> Mutations =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 400], Gen.String[Gen.Char[" :-[]{}#&*!|>'\"%@`,?\t\n"], 1, 4])
            .Select((kind, at, noise) =>
            {
                var lines = TestConfig.Prod.Split('\n').ToList();
                var i = at % lines.Count;
                switch (kind)
                {
                    case 0:
                        var text = string.Join('\n', lines);
                        var pos = at % (text.Length + 1);
                        return text[..pos] + noise + text[pos..];
                    case 1:
                        lines.RemoveAt(i);
                        return string.Join('\n', lines);
                    default:
                        (lines[i], lines[(i + 1) % lines.Count]) = (lines[(i + 1) % lines.Count], lines[i]);
                        return string.Join('\n', lines);
                }
            });

    private static void LoadsOrReportsValidationErrors(string yaml)
    {
        try
        {
            var config = ConfigLoader.Parse(yaml, "environments/random.yaml", "random");
            config.Name.Should().Be("random");
        }
        catch (ConfigValidationException e)
        {
            e.Errors.Should().NotBeEmpty();
            e.Errors.Should().OnlyContain(err => err.File == "environments/random.yaml" && err.Line >= 1 && err.Field.Length > 0);
        }
    }

    [Fact]
    public void Random_documents_only_ever_yield_validation_errors() =>
        Documents.Sample(LoadsOrReportsValidationErrors, iter: 3000);

    [Fact]
    public void Mutated_valid_files_only_ever_yield_validation_errors() =>
        Mutations.Sample(LoadsOrReportsValidationErrors, iter: 3000);

    /// <summary>The data tier's fields with random values (and random nesting), over a valid file.</summary>
    private static readonly Gen<string> DataSections =
        Gen.Select(Gen.Select(Gen.OneOfConst(Keys[^14..]), Node(1)).Array[0, 6], Gen.Select(Gen.OneOfConst(Keys[^14..]), Node(1)).Array[0, 6])
            .Select((db, cache) => TestConfig.With(TestConfig.Staging,
                "database: {" + string.Join(", ", db.Select(p => $"{p.Item1}: {p.Item2}")) + "}\n" +
                "cache: {" + string.Join(", ", cache.Select(p => $"{p.Item1}: {p.Item2}")) + "}"));

    [Fact]
    public void Random_database_and_cache_sections_only_ever_yield_validation_errors() =>
        DataSections.Sample(LoadsOrReportsValidationErrors, iter: 2000);

    [Fact]
    public void Random_text_only_ever_yields_validation_errors() =>
        Gen.String[Gen.Char["abz09 :-[]{}#&*!|>'\"%@`,?\t\n\\"], 0, 120].Sample(LoadsOrReportsValidationErrors, iter: 3000);
}
