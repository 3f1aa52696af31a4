using CsCheck;
using Headroom.App.Config.Sections;
using Headroom.Blocks.Monitoring;

namespace Headroom.Tests.Config;

/// <summary>
/// Whatever a file holds, the loader either returns a config or throws a validation error that names
/// a file, a line and a field: never another exception.
/// </summary>
[Collection(Beside.Config)]
public sealed class ConfigPropertyTests
{
    /// <summary>Every YAML key the binder accepts anywhere in the model, found through
    /// <see cref="YamlBinder.Fields"/> in sections, list items and mapping values: a new field is fuzzed
    /// without editing this file.</summary>
    private static IEnumerable<string> ModelKeys(Type type) => ModelKeys(type, []);

    private static IEnumerable<string> ModelKeys(Type type, HashSet<Type> seen) =>
        seen.Add(type)
            ? YamlBinder.Fields(type).SelectMany(p => Nested(p.PropertyType).SelectMany(t => ModelKeys(t, seen)).Prepend(YamlBinder.FieldName(p))).ToList()
            : [];

    /// <summary>The config objects a property holds: itself, or a list's items, or a mapping's values.</summary>
    private static IEnumerable<Type> Nested(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType) return type.GetGenericArguments().SelectMany(Nested);
        return type.IsClass && type != typeof(string) ? [type] : [];
    }

    /// <summary>Names the model's mappings take (alarm kinds, replica numbers), and keys nothing accepts.</summary>
    private static readonly string[] MappingKeys = [.. AlarmKinds.All.Select(k => k.ConfigKey), "1", "2"];
    private static readonly string[] Junk = ["bogus", "<<", ""];

    private static readonly string[] Keys = [.. ModelKeys(typeof(EnvironmentConfig)).Distinct(), .. MappingKeys, .. Junk];

    /// <summary>The data tier's keys: the database and cache sections' own fields, at any depth.</summary>
    private static readonly string[] DataKeys =
        [.. ModelKeys(typeof(DatabaseConfig)).Concat(ModelKeys(typeof(CacheConfig))).Distinct(), "1", .. Junk];

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
        Gen.Select(Gen.Select(Gen.OneOfConst(DataKeys), Node(1)).Array[0, 6], Gen.Select(Gen.OneOfConst(DataKeys), Node(1)).Array[0, 6])
            .Select((db, cache) => TestConfig.With(TestConfig.Staging,
                "database: {" + string.Join(", ", db.Select(p => $"{p.Item1}: {p.Item2}")) + "}\n" +
                "cache: {" + string.Join(", ", cache.Select(p => $"{p.Item1}: {p.Item2}")) + "}"));

    [Fact]
    public void Random_database_and_cache_sections_only_ever_yield_validation_errors() =>
        DataSections.Sample(LoadsOrReportsValidationErrors, iter: 2000);

    private static readonly string[] Whole = ["0", "1", "-1", "2", "3", "5", "7", "30", "60", "90", "100", "300", "1000", "5433", "6379", "99999999999", "3.5", "x"];
    private static readonly string[] Numbers = ["0", "0.5", "1.0", "-1", "1000", "1e400", ".nan", "x"];
    private static readonly string[] Flags = ["true", "false", "yes", "null"];
    private static readonly string[] Texts =
    [
        "eu-west-1", "eu-west-1a", "10.0.0.0/16", "\"111111111111\"", "16", "7.1", "db.r7g.large", "cache.t4g.small", "t3.medium",
        "m7g.large", "ami-12345678", "02:00-03:00", "sun:03:30-sun:04:30", "xyz:99:99-abc:00:00", "oncall@example.com",
        "https://events.example.com/x", "http://x", "/healthz", "\"0 6 * * *\"", "\"0 6 30 2 *\"", "Europe/Dublin",
        "2026-11-20T00:00:00Z", "orders.fifo", "emails", "X-Origin-Verify", "pl-4fa04526", "/static/*", "session", "\"\"",
        "arn:aws:acm:eu-west-1:111111111111:certificate/0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b",
    ];

    /// <summary>A value shaped like the model's type at its place (a mapping of that type's fields, a list
    /// of its items, a scalar of its kind), now and then replaced by anything at all.</summary>
    private static Gen<string> Shaped(Type type, int depth)
    {
        var any = depth <= 0 ? Gen.OneOfConst(Scalars) : Node(1);
        type = Nullable.GetUnderlyingType(type) ?? type;
        Gen<string> typed;
        if (type == typeof(int)) typed = Gen.OneOfConst(Whole);
        else if (type == typeof(double)) typed = Gen.OneOfConst(Numbers);
        else if (type == typeof(bool)) typed = Gen.OneOfConst(Flags);
        else if (type == typeof(string)) typed = Gen.OneOfConst(Texts);
        else if (type.IsEnum) typed = Gen.OneOfConst([.. Enum.GetNames(type).Select(n => char.ToLowerInvariant(n[0]) + n[1..]), "bogus"]);
        else if (depth <= 0) return any;
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            typed = Shaped(type.GetGenericArguments()[0], depth - 1).Array[0, 4].Select(items => "[" + string.Join(", ", items) + "]");
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            typed = Gen.Select(Gen.OneOfConst([.. MappingKeys, .. Junk]), Shaped(type.GetGenericArguments()[1], depth - 1)).Array[0, 4]
                .Select(pairs => "{" + string.Join(", ", pairs.Select(p => $"{p.Item1}: {p.Item2}")) + "}");
        else
            typed = Entry(type, depth - 1).Array[0, 5].Select(entries => "{" + string.Join(", ", entries) + "}");
        return Gen.Frequency((8, typed), (1, any));
    }

    /// <summary>One `key: value` of the type: mostly one of its own fields, sometimes a stray key.</summary>
    private static Gen<string> Entry(Type type, int depth) =>
        Gen.Frequency(
            (9, Gen.OneOf(YamlBinder.Fields(type).Select(p => Shaped(p.PropertyType, depth).Select(v => $"{YamlBinder.FieldName(p)}: {v}")).ToArray())),
            (1, Gen.Select(Gen.OneOfConst(Keys), Node(0)).Select(p => $"{p.Item1}: {p.Item2}")));

    /// <summary>A valid file whose top-level sections are replaced by model-shaped random ones, so the
    /// random values reach the rules deep inside each section.</summary>
    private static readonly Gen<string> ShapedDocuments =
        Gen.Select(Gen.Bool, Entry(typeof(EnvironmentConfig), 4).Array[1, 4])
            .Select((prod, entries) => TestConfig.With(prod ? TestConfig.Prod : TestConfig.Staging, string.Join("\n", entries)));

    [Fact]
    public void Model_shaped_documents_only_ever_yield_validation_errors() =>
        ShapedDocuments.Sample(LoadsOrReportsValidationErrors, iter: 3000);

    [Fact]
    public void The_fuzzed_keys_come_from_the_binder()
    {
        Keys.Should().Contain(["account", "natGateways", "maxConnectionsPercent", "scheduledActions", "timeZone", "poolState",
            "spotAllocationStrategy", "backlogPerInstance", "threshold", "rdsCpu"], "every field at any depth, list items and mapping values included");
        DataKeys.Should().Contain(["engineVersion", "replicaInstanceClassOverrides", "maxConnectionsPercent", "clusterMode", "maxmemoryPolicy"])
            .And.NotContain(["rateLimit", "emails"], "the data-tier test fuzzes the database and cache sections' own fields");
    }

    [Fact]
    public void Random_text_only_ever_yields_validation_errors() =>
        Gen.String[Gen.Char["abz09 :-[]{}#&*!|>'\"%@`,?\t\n\\"], 0, 120].Sample(LoadsOrReportsValidationErrors, iter: 3000);
}
