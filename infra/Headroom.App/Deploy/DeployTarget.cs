using Headroom.App.Diff;

namespace Headroom.App.Deploy;

/// <summary>What deploy and destroy both talk to: the environment's config, its cloud assembly and its stacks.</summary>
/// <param name="Stacks">Every stack of the environment, in dependency order.</param>
public sealed record DeployTarget(EnvironmentConfig Config, string Assembly, IReadOnlyList<DeployStack> Stacks)
{
    public string Name => Config.Name;

    /// <summary>A command's body with a temporary folder of its own, removed after; the errors it expects become
    /// exit code 1 with their message ("headroom: deploy stopped: ...").</summary>
    public static int Guarded(string command, TextWriter progress, Func<string, int> body)
    {
        var temp = Directory.CreateTempSubdirectory($"headroom-{command}-").FullName;
        try
        {
            return body(temp);
        }
        catch (ConfigValidationException e)
        {
            Cli.Output.PrintErrors(e, progress);
            return DeployCommand.Failed;
        }
        catch (Exception e) when (e is DeployException or DiffException)
        {
            progress.WriteLine($"headroom: {command} stopped: {e.Message}");
            return DeployCommand.Failed;
        }
        finally
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// The environment's config, and its cloud assembly: `--assembly` as given (e.g. what `npx cdk synth` or an
    /// earlier step wrote), or synthesized into the options' outdir offline, as `preview` does.
    /// </summary>
    public static DeployTarget Load(TargetOptions options, TextWriter progress)
    {
        var (environmentsDirectory, environment) = (options.EnvironmentsPath, options.Environment);
        var assembly = options.Assembly is null ? null : Path.GetFullPath(options.Assembly, options.WorkingDirectory);
        var outdir = Path.GetFullPath(options.Outdir, options.WorkingDirectory);
        progress.WriteLine($"headroom: reading {environmentsDirectory}/{environment}.yaml ...");
        var config = ConfigLoader.LoadDirectory(environmentsDirectory, [environment]).Single();
        if (assembly is null)
        {
            try
            {
                SynthesizedEnvironment.Synthesize([config], outdir, progress);
            }
            catch (Exception e) when (e is not ConfigValidationException)
            {
                throw new DeployException($"{environment} did not synthesize: {e.Message}");
            }
            assembly = outdir;
        }
        else
        {
            progress.WriteLine($"headroom: using the cloud assembly in {assembly}/ (not synthesizing)");
        }
        var full = Path.GetFullPath(assembly);
        var missing = CloudAssemblyStacks.Read(full).MissingContext;
        if (missing.Count > 0)
            throw new DeployException($"the cloud assembly needed AWS lookups ({string.Join(", ", missing)}); Headroom's synthesis looks nothing up, so it is not ours or is incomplete");
        var stacks = DeployStacks.Read(full, environment);
        if (stacks.FirstOrDefault(s => s.Account != config.Account) is { } s)
            throw new DeployException($"{s.Name} in the cloud assembly is for account {s.Account ?? "(any)"}, but environments/{environment}.yaml says {config.Account}: synthesize again");
        return new DeployTarget(config, full, stacks);
    }

    /// <summary>Refuses credentials of another account: a deploy never lands in the wrong one.</summary>
    public void CheckAccount(IAws aws, TextWriter progress)
    {
        var account = aws.CallerAccount();
        if (account != Config.Account)
            throw new DeployException($"the AWS credentials at hand are for account {account}, but {Name} is in account {Config.Account}; use that account's credentials");
        progress.WriteLine($"headroom: AWS credentials for account {account}");
    }

    /// <summary>Writes each stack's deployed template into <paramref name="directory"/>; null for a stack not deployed.</summary>
    public IReadOnlyDictionary<string, string?> FetchDeployed(IAws aws, IEnumerable<DeployStack> stacks, string directory, TextWriter progress)
    {
        var paths = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var stack in stacks)
        {
            var template = aws.DeployedTemplate(stack.Name, stack.Region);
            if (template is null)
            {
                progress.WriteLine($"headroom: {stack.Name} ({stack.Region}) is not deployed yet");
                paths[stack.Name] = null;
                continue;
            }
            var path = Path.Combine(directory, $"deployed-{stack.Name}.template.json");
            File.WriteAllText(path, template.Value.GetRawText());
            paths[stack.Name] = path;
        }
        return paths;
    }
}
