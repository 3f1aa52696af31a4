using CsCheck;

namespace Headroom.Tests.Config;

/// <summary>
/// Mutations of a valid environment file (the real staging file): what a careless or hostile edit does to it.
/// </summary>
public static class Mutants
{
    public const int Mutations = 1_000;
    /// <summary>Accepted mutants synthesized and checked per run: each costs a synthesis of the whole environment.</summary>
    public const int Judged = 3;

    public static readonly string Valid = File.ReadAllText(Path.Combine(Repo.Environments, "staging.yaml"));

    /// <summary>What a careless or hostile edit puts into a file.</summary>
    private static readonly string[] Inserts =
    [
        "\u0000", "\u001b[31m", "\t", "\r\n", "\u202e", "\u200b", "\u0661", "\uff42", "\u0435", "'", "\"", ":", "- ", "#", "&a ", "*a", "!Ref ",
        "{{resolve:secretsmanager:x}}", "${AWS::AccountId}", "[", "]", "{", "}", "|", ">", "0", "9", "99999999999", "-1", "1.5", "true", "null",
        "../../../../etc/passwd", "/etc/passwd", "AKIAIOSFODNN7EXAMPLE", new string('x', 5000), new string('[', 64),
    ];

    public static readonly Gen<string> Mutant =
        Gen.Int[0, Valid.Length - 1].SelectMany(at => Gen.Frequency(
            (3, Gen.OneOfConst(Inserts).Select(s => Valid[..at] + s + Valid[at..])),
            (2, Gen.Int[1, 40].Select(n => Valid[..at] + Valid[Math.Min(Valid.Length, at + n)..])),
            (2, Gen.OneOfConst(Inserts).Select(s => ReplaceValueAt(at, s))),
            (1, Gen.Int[0, Valid.Length - 1].Select(other => SwapLines(at, other))),
            (1, Gen.Char.Select(c => Valid[..at] + c + Valid[at..]))));

    /// <summary>The value after the first ': ' on the line holding <paramref name="at"/>, replaced.</summary>
    private static string ReplaceValueAt(int at, string value)
    {
        var start = Valid.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        var end = Valid.IndexOf('\n', at) is var e and >= 0 ? e : Valid.Length;
        var line = Valid[start..end];
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? Valid : Valid[..(start + colon + 2)] + value + Valid[end..];
    }

    private static string SwapLines(int a, int b)
    {
        var lines = Valid.Split('\n');
        var (i, j) = (Valid[..a].Count(c => c == '\n'), Valid[..b].Count(c => c == '\n'));
        (lines[i], lines[j]) = (lines[j], lines[i]);
        return string.Join('\n', lines);
    }
}

/// <summary>
/// For any mutation of a valid environment file, the outcome is either a clean refusal (file, line, field) or a
/// configuration. Never an exception. Parsing calls no jsii, so it runs beside the jsii tests.
/// </summary>
[Collection(Beside.Config)]
public sealed class MutationPropertyTests
{
    [Fact]
    public void A_mutated_file_is_refused_cleanly_or_accepted()
    {
        var accepted = 0;
        Mutants.Mutant.Sample(text =>
        {
            try
            {
                ConfigLoader.Parse(text, "environments/mutant.yaml", "mutant");
                if (text != Mutants.Valid) accepted++;
            }
            catch (ConfigValidationException e)
            {
                e.Errors.Should().NotBeEmpty().And.OnlyContain(x => x.File == "environments/mutant.yaml" && x.Line >= 1 && x.Field.Length > 0);
                e.Errors.Select(x => x.ToString()).Should().OnlyContain(line => !line.Any(c => char.IsControl(c)));
            }
        }, iter: Mutants.Mutations, threads: 1);

        accepted.Should().BePositive("some edits (comments, equivalent values, other valid values) keep a file valid");
    }
}

/// <summary>
/// The mutants the loader accepts become real environments: synthesized once together, judged by every check of
/// `headroom check`.
/// </summary>
public sealed class MutantTemplateTests
{
    [Fact]
    public void An_accepted_mutant_yields_templates_the_checks_accept()
    {
        var chosen = new List<EnvironmentConfig>();
        var seen = new HashSet<string> { Mutants.Valid };
        Mutants.Mutant.Sample(text =>
        {
            if (chosen.Count == Mutants.Judged || !seen.Add(text)) return;
            try { chosen.Add(ConfigLoader.Parse(text, $"environments/mutant{chosen.Count}.yaml", $"mutant{chosen.Count}")); }
            catch (ConfigValidationException) { } // refused: the property above covers how
        }, iter: Mutants.Mutations, threads: 1);

        chosen.Should().HaveCount(Mutants.Judged, "some edits keep a file valid");
        var outdir = Directory.CreateTempSubdirectory("headroom-mutants-").FullName;
        try
        {
            var environments = SynthesizedEnvironment.Synthesize(chosen, outdir, TextWriter.Null);
            var reports = CheckCommand.Judge(environments, Repo.Root);
            reports.SelectMany(r => r.Failing).Should().BeEmpty("an accepted configuration gives templates the checks accept");
        }
        finally
        {
            Directory.Delete(outdir, recursive: true);
        }
    }
}
