namespace Headroom.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Environments => Path.Combine(Root, "environments");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "cdk.json"))) return dir.FullName;
        throw new InvalidOperationException("cdk.json not found above " + AppContext.BaseDirectory);
    }
}
