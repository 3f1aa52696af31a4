using System.Text.RegularExpressions;

namespace Headroom.Tests.Config;

/// <summary>
/// Hostile and careless environment files (tests/Headroom.Tests/Config/Hostile/*.yaml), each headed by
/// `# hostile: what it tries` and `# expect: the field the refusal must name`. Each must be refused cleanly:
/// a ConfigValidationException naming the file, a real line and that field, printed without control
/// characters; and `headroom preview` on it exits 1 with no exception and writes nothing.
/// </summary>
public sealed partial class HostileCorpusTests
{
    private static readonly string Folder = Path.Combine(Repo.Root, "tests", "Headroom.Tests", "Config", "Hostile");

    [GeneratedRegex(@"^# expect: (.*)$", RegexOptions.Multiline)] private static partial Regex Expect();

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void The_corpus_holds_at_least_60_files_of_every_kind()
    {
        var kinds = Directory.GetFiles(Folder, "*.yaml").Select(f => File.ReadLines(f).First().Split(':')[1].Trim()).ToList();
        kinds.Should().HaveCountGreaterThanOrEqualTo(60);
        kinds.Distinct().Should().Contain(["syntax", "type", "range", "size", "injection", "intrinsic", "path", "unicode", "arn", "zone", "cidr", "cron"]);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_file_is_refused_naming_file_line_and_field_and_printed_safely(string name)
    {
        var path = Path.Combine(Folder, name);
        var expected = Expect().Match(File.ReadAllText(path)).Groups[1].Value.TrimEnd('\r');

        var refusal = Refuse(path);

        refusal.Errors.Should().NotBeEmpty().And.OnlyContain(e => e.File == path && e.Line >= 1 && e.Column >= 1 && e.Field.Length > 0);
        refusal.Errors.Select(e => e.Field).Should().Contain(expected, $"{name} is refused for {expected}: {refusal.Message}");
        foreach (var line in refusal.Errors.Select(e => e.ToString()))
        {
            line.Should().NotMatchRegex(@"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "a refusal prints no control characters");
            line.Length.Should().BeLessThan(2000, "a refusal cuts long values");
        }
    }

    [Fact]
    public void Preview_of_any_corpus_file_exits_1_prints_no_exception_and_writes_nothing()
    {
        foreach (var file in Directory.GetFiles(Folder, "*.yaml"))
        {
            var environments = Directory.CreateTempSubdirectory("headroom-hostile-").FullName;
            var outdir = Path.Combine(environments, "out");
            File.Copy(file, Path.Combine(environments, Path.GetFileName(file)));
            var progress = new StringWriter();
            var code = PreviewCommand.Run(environments, [], outdir, PlainConsole.Into(new StringWriter(), 120), progress);

            code.Should().Be(1, Path.GetFileName(file));
            progress.ToString().Should().Contain("configuration error").And.NotContain("Exception").And.NotContain("   at ");
            Directory.Exists(outdir).Should().BeFalse("nothing is synthesized from a refused file");
            Directory.Delete(environments, recursive: true);
        }
    }

    [Fact]
    public void A_file_of_megabytes_is_refused_before_it_is_read()
    {
        var folder = Directory.CreateTempSubdirectory("headroom-huge-");
        try
        {
            var path = Path.Combine(folder.FullName, "huge.yaml");
            File.WriteAllText(path, TestConfig.Staging + "\n# " + new string('x', 3 * 1024 * 1024) + "\n");

            var refusal = Refuse(path);

            refusal.Errors.Should().ContainSingle().Which.Allowed.Should().Contain("larger than 256 KB");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Nesting_tens_of_thousands_of_levels_deep_is_refused_without_overflowing_the_stack()
    {
        var deep = TestConfig.Staging + "\nnetwork:\n  vpcCidr: " + new string('[', 30_000) + new string(']', 30_000) + "\n";

        var errors = TestConfig.Errors(deep);

        errors.Should().ContainSingle().Which.Allowed.Should().Contain("more than 32 levels deep");
    }

    [Fact]
    public void A_user_data_link_that_points_out_of_the_repository_is_refused_with_its_target()
    {
        var folder = Directory.CreateTempSubdirectory("headroom-link-");
        try
        {
            var environments = Directory.CreateDirectory(Path.Combine(folder.FullName, "environments")).FullName;
            Directory.CreateDirectory(Path.Combine(folder.FullName, "userdata"));
            File.CreateSymbolicLink(Path.Combine(folder.FullName, "userdata", "web.sh"), "/etc/hostname");
            var file = Path.Combine(environments, "linked.yaml");
            File.WriteAllText(file, TestConfig.With(TestConfig.Staging, "web:\n  loadBalancer:\n    allowPlainHttpOrigin: true\n  fleet:\n    userDataFile: userdata/web.sh"));

            var refusal = Refuse(file);

            refusal.Errors.Should().ContainSingle(e => e.Field == "web.fleet.userDataFile").Which.Allowed.Should().Contain("it is a link to /etc/hostname");
        }
        finally
        {
            folder.Delete(recursive: true); // the link, not /etc/hostname
        }
    }

    [Fact]
    public void A_printed_value_is_escaped_and_cut_with_its_length()
    {
        var error = new ConfigError("environments/x.yaml", 3, 5, "tags.owner", "\u001b[31m" + new string('a', 1_000_000) + "\0", "must be a tag value");

        var printed = error.ToString();

        printed.Should().Contain("\\u001B[31m").And.Contain("(1000006 characters)").And.NotContain("\u001b");
        printed.Length.Should().BeLessThan(300);
    }

    private static ConfigValidationException Refuse(string path)
    {
        var act = () => ConfigLoader.LoadFile(path);
        return act.Should().Throw<ConfigValidationException>().Which;
    }
}
