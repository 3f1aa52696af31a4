using System.Diagnostics;

namespace Headroom.App.Diff;

/// <summary>Runs a child process (git, dotnet, node) and collects its output.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Out, string Err);

    /// <summary>
    /// AWS credentials and the instance-metadata endpoint are taken away from every child: the diff
    /// must work offline, and a synthesis that tried to reach AWS fails instead of quietly succeeding.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Offline = new Dictionary<string, string?>
    {
        ["AWS_ACCESS_KEY_ID"] = null,
        ["AWS_SECRET_ACCESS_KEY"] = null,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_DEFAULT_PROFILE"] = null,
        ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null,
        ["AWS_ROLE_ARN"] = null,
        ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null,
        ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null,
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
        ["AWS_CONFIG_FILE"] = "/dev/null",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    };

    public static Result Run(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null, Action<string>? onErrorLine = null, Action<string>? onOutputLine = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DiffException($"cannot run {fileName}: {e.Message}");
        }
        process.StandardInput.Close();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var readers = new[]
        {
            Task.Run(() => Pump(process.StandardOutput, stdout, onOutputLine)),
            Task.Run(() => Pump(process.StandardError, stderr, onErrorLine)),
        };
        var limit = timeout ?? TimeSpan.FromMinutes(20);
        if (!process.WaitForExit(limit))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new DiffException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {limit.TotalMinutes:0} minutes");
        }
        // Drain what is left in the pipes, but never wait for their end unboundedly: a build server
        // that `dotnet run` leaves running inherits them and may hold them open for minutes.
        Task.WaitAll(readers, TimeSpan.FromSeconds(10));
        lock (stdout) lock (stderr) return new Result(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static void Pump(StreamReader reader, StringBuilder into, Action<string>? onLine)
    {
        while (reader.ReadLine() is { } line)
        {
            lock (into) into.AppendLine(line);
            onLine?.Invoke(line);
        }
    }
}
