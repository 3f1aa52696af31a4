using System.Collections.Concurrent;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

// jsii runs one Node process per .NET process and is not thread-safe. Every test class is in the jsii collection,
// which runs one test at a time, unless it names a collection of its own: those are classes that never call jsii
// (they run processes, or only read YAML), and they run beside it, on the second core.
[assembly: CollectionBehavior("Headroom.Tests.Support.JsiiByDefault", "Headroom.Tests", MaxParallelThreads = 2)]
[assembly: TestCollectionOrderer("Headroom.Tests.Support.JsiiFirst", "Headroom.Tests")]
[assembly: TestFramework("Headroom.Tests.Support.HeadroomTestFramework", "Headroom.Tests")]

namespace Headroom.Tests.Support;

/// <summary>The collections that run beside the jsii collection. A class in one of them must not call jsii.</summary>
public static class Beside
{
    /// <summary>The diff command's repository and its base, built by processes (git, dotnet, the CLI).</summary>
    public const string DiffBase = "beside jsii: the diff's base";
    /// <summary>The load test end to end: a local server and Artillery, timed by its own scripts.</summary>
    public const string LoadTest = "beside jsii: load test";
    /// <summary>Configuration only: YAML in, validation errors out.</summary>
    public const string Config = "beside jsii: configuration";

    /// <summary>Started first, longest first: the jsii collection is the longest.</summary>
    public static readonly string[] Order = [SynthCollection.Name, DiffBase, LoadTest, Config];
}

/// <summary>
/// A jsii test class that waits for work done beside it (a <see cref="Beside"/> collection): it runs after every
/// other class of the jsii collection, so the jsii collection does not wait for that work while it still has other tests.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsLastAttribute : Attribute;

/// <summary>A class without a [Collection] is in the jsii collection (with its fixtures), not in one of its own.</summary>
public sealed class JsiiByDefault(ITestAssembly testAssembly, IMessageSink diagnosticMessageSink) : IXunitTestCollectionFactory
{
    private readonly Dictionary<string, ITypeInfo> _definitions =
        TestCollectionFactoryHelper.GetTestCollectionDefinitions(testAssembly.Assembly, diagnosticMessageSink);
    private readonly ConcurrentDictionary<string, ITestCollection> _collections = new();

    public string DisplayName => "jsii by default";

    public ITestCollection Get(ITypeInfo testClass)
    {
        var attribute = testClass.GetCustomAttributes(typeof(CollectionAttribute)).SingleOrDefault();
        var name = attribute?.GetConstructorArguments().Single() as string ?? SynthCollection.Name;
        return _collections.GetOrAdd(name, n => new TestCollection(testAssembly, _definitions.GetValueOrDefault(n), n));
    }
}

/// <summary>The collections in <see cref="Beside.Order"/>; xunit starts them in this order, one per thread.</summary>
public sealed class JsiiFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => Array.IndexOf(Beside.Order, c.DisplayName) is var i and >= 0 ? i : int.MaxValue);
}

/// <summary>
/// Work left for the end of the test run, after every collection and its fixtures: for what a filtered run may make but
/// never hand to the fixture that would clean it up. (Not ProcessExit: the test host can be ended without raising it.)
/// </summary>
public static class AfterTheRun
{
    private static readonly ConcurrentQueue<System.Action> Pending = new();

    public static void Add(System.Action cleanup) => Pending.Enqueue(cleanup);

    internal static void RunAll()
    {
        while (Pending.TryDequeue(out var cleanup)) cleanup();
    }
}

/// <summary>xunit's own framework, except that classes marked <see cref="RunsLastAttribute"/> run last in their collection,
/// and <see cref="AfterTheRun"/>'s work is done when every collection has finished.</summary>
public sealed class HeadroomTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new Runner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class Runner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override Task<RunSummary> RunTestCollectionAsync(IMessageBus messageBus, ITestCollection testCollection,
            IEnumerable<IXunitTestCase> testCases, CancellationTokenSource cancellationTokenSource) =>
            base.RunTestCollectionAsync(messageBus, testCollection, testCases.OrderBy(RunsLast).ToList(), cancellationTokenSource);

        protected override Task BeforeTestAssemblyFinishedAsync()
        {
            AfterTheRun.RunAll();
            return base.BeforeTestAssemblyFinishedAsync();
        }

        private static bool RunsLast(IXunitTestCase testCase) =>
            testCase.TestMethod.TestClass.Class.GetCustomAttributes(typeof(RunsLastAttribute)).Any();
    }
}
