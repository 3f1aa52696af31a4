using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Headroom.App.Config;

/// <summary>
/// Reads environments/*.yaml. Parsing, binding and validation all finish before any construct is
/// made, and every problem of every file comes back in one <see cref="ConfigValidationException"/>.
/// </summary>
public static class ConfigLoader
{
    public const string DefaultDirectory = "environments";

    /// <summary>All environments in a directory, or only the named ones; sorted by name.</summary>
    public static IReadOnlyList<EnvironmentConfig> LoadDirectory(string directory, IReadOnlyCollection<string>? only = null)
    {
        if (!Directory.Exists(directory))
            throw new ConfigValidationException([new ConfigError(directory, 1, 1, "(directory)", null,
                "the environments directory does not exist; create environments/<name>.yaml")]);

        var files = Directory.GetFiles(directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        var names = files.Select(NameOf).ToList();
        var errors = new List<ConfigError>();
        if (only is { Count: > 0 })
        {
            foreach (var unknown in only.Where(n => !names.Contains(n)))
                errors.Add(new ConfigError(Path.Combine(directory, unknown + ".yaml"), 1, 1, "(environment)", unknown,
                    $"no such environment; known: {string.Join(", ", names)}"));
            files = files.Where(f => only.Contains(NameOf(f))).ToList();
        }
        foreach (var duplicate in names.GroupBy(n => n).Where(g => g.Count() > 1))
            errors.Add(new ConfigError(Path.Combine(directory, duplicate.Key), 1, 1, "(file name)", duplicate.Key,
                "one file per environment: both .yaml and .yml exist"));
        if (files.Count == 0 && errors.Count == 0)
            errors.Add(new ConfigError(directory, 1, 1, "(directory)", null, "no environment files; add environments/<name>.yaml"));

        var loaded = new List<EnvironmentConfig>();
        foreach (var file in files)
        {
            try { loaded.Add(LoadFile(file)); }
            catch (ConfigValidationException e) { errors.AddRange(e.Errors); }
        }
        if (errors.Count > 0) throw new ConfigValidationException(errors);
        return loaded;
    }

    public static EnvironmentConfig LoadFile(string file)
    {
        string text;
        try { text = File.ReadAllText(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigValidationException([new ConfigError(file, 1, 1, "(file)", null, $"cannot be read: {e.Message}")]);
        }
        return Parse(text, file, NameOf(file));
    }

    /// <summary>Parses one document. Throws only <see cref="ConfigValidationException"/>.</summary>
    public static EnvironmentConfig Parse(string yaml, string file, string name)
    {
        var errors = new List<ConfigError>();
        var root = ReadDocument(yaml, file, errors);
        if (root is null) throw new ConfigValidationException(errors);

        var binder = new YamlBinder(file, errors);
        var config = binder.BindRoot<EnvironmentConfig>(root);
        config.Name = name;
        config.File = file;
        config.Validate(new ConfigValidator(file, config, binder.Positions, binder.Failed, errors));
        // Binding and the rules find problems in different passes; report them in file order.
        if (errors.Count > 0) throw new ConfigValidationException([.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
        return config;
    }

    private static YamlMappingNode? ReadDocument(string yaml, string file, List<ConfigError> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            // Syntax errors, duplicate keys and alias loops all surface here, with a position.
            var message = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            errors.Add(new ConfigError(file, (int)Math.Max(1, e.Start.Line), (int)Math.Max(1, e.Start.Column), "(syntax)", null,
                $"is not valid YAML: {message}"));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet 18 throws these on some malformed scalars instead of a YamlException
            // (found by the property tests); it is still a syntax error in the file.
            errors.Add(new ConfigError(file, 1, 1, "(syntax)", null, $"is not valid YAML: {e.Message}"));
            return null;
        }
        if (stream.Documents.Count != 1)
        {
            errors.Add(new ConfigError(file, 1, 1, "(document)", null,
                stream.Documents.Count == 0 ? "the file is empty; required: account, region, availabilityZones, tags" : "must hold exactly one YAML document"));
            return null;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            var node = stream.Documents[0].RootNode;
            errors.Add(new ConfigError(file, (int)node.Start.Line, (int)node.Start.Column, "(document)", null,
                "must be a mapping of settings (account: ..., region: ...)"));
            return null;
        }
        return mapping;
    }

    public static string NameOf(string file) => Path.GetFileNameWithoutExtension(file);
}
