
namespace Headroom.App.LoadTest;

/// <summary>One page of a user journey: the page, the dynamic calls it makes right after, and the think time that follows.</summary>
/// <param name="Path">the page's path, from '/'</param>
/// <param name="Method">GET or POST</param>
/// <param name="Calls">further dynamic requests of the page (API calls), GET, sent at once</param>
/// <param name="ThinkSeconds">time the user spends on the page, s; null: the workload's thinkTimeSeconds</param>
public sealed record JourneyPage(
    [property: Field("a path from `/`, with its query string", Default = "required")] string Path,
    [property: Field("`GET` or `POST`")] string Method = "GET",
    [property: Field("up to 20 paths the page calls at once (API requests), GET", Default = "none")] IReadOnlyList<string>? Calls = null,
    [property: Field("0–3600 s on the page before the next", Default = "`workload.thinkTimeSeconds`")] double? ThinkSeconds = null)
{
    public JourneyPage() : this("/") { }
    public IReadOnlyList<string> CallPaths => Calls ?? [];
    public int Requests => 1 + CallPaths.Count;
}

/// <summary>A user journey: a weighted share of the virtual users and the pages each of them opens.</summary>
public sealed record Journey(
    [property: Field("lower-case letters, digits and '-'", Default = "required")] string Name,
    [property: Field("1–1000: its share of the virtual users, relative to the other journeys")] int Weight,
    [property: Field("1–100 pages in order", Default = "required")] IReadOnlyList<JourneyPage> Pages)
{
    public Journey() : this("", 1, []) { }
    public int Requests => Pages.Sum(p => p.Requests);
    /// <summary>Time one user spends in the journey, s (think times; the responses are left out, as the capacity model does).</summary>
    public double Seconds(Workload w) => Pages.Sum(p => p.ThinkSeconds ?? w.ThinkTimeSeconds);
}

/// <summary>
/// What the load tests need beyond the workload: the error budget, the journeys, the scenarios' lengths and where
/// they send traffic. Defaults here, once; <c>workload.loadTest</c> overrides them. Arrival rates are not here: they
/// come from the workload (peak users, think time, requests per page) through the capacity model.
/// </summary>
public sealed record LoadTestSettings
{
    /// <summary>Share of requests that may fail (a connection error, a timeout, an unexpected status), 0–0.5.</summary>
    [Field("0–0.5: share of requests that may fail (connection error, timeout, a status other than 200, 201, 202, 204, 304)")] public double ErrorBudget { get; init; } = LoadTestDefaults.ErrorBudget.Value;
    /// <summary>The base URL; null: https:// and the edge's first domain name.</summary>
    [Field("`https://host[:port]`, or `http://127.0.0.1:port` / `http://localhost:port` for a local server", Default = "`https://` and the first of `edge.domainNames`")] public string? Target { get; init; }
    /// <summary>The user journeys; the default set is a shop's browse, search, product, cart and checkout.</summary>
    [Field("1–50 user journeys, each `name`, `weight` (1–1000) and `pages` (`journeys[].pages[].*`)", Default = "browse 40, search 25, product 20, cart 10, checkout 5")] public IReadOnlyList<Journey> Journeys { get; init; } = DefaultJourneys;

    [Field("5–3600 s")] public int SmokeSeconds { get; init; } = 60;
    /// <summary>Journeys started per second in the smoke test.</summary>
    [Field("0.1–1000 journeys started per second")] public double SmokeArrivalRate { get; init; } = 1;
    /// <summary>From the baseline to the peak.</summary>
    [Field("5–86400 s from the baseline to the peak")] public int RampSeconds { get; init; } = 900;
    /// <summary>The peak, held after the ramp.</summary>
    [Field("0–86400 s at the peak after the ramp")] public int PeakHoldSeconds { get; init; } = 600;
    /// <summary>The spike's quiet start at the baseline before the opening.</summary>
    [Field("0–3600 s at the baseline before the spike")] public int SpikeBaselineSeconds { get; init; } = 120;
    /// <summary>The opening: baseline to peak within two minutes at most.</summary>
    [Field("5–120 s: the baseline to the peak within two minutes")] public int SpikeRiseSeconds { get; init; } = 60;
    [Field("5–86400 s at the peak after the spike")] public int SpikeHoldSeconds { get; init; } = 900;
    /// <summary>The peak, held for hours.</summary>
    [Field("60–172800 s (48 h) at the peak")] public int SoakSeconds { get; init; } = 4 * 3600;
    /// <summary>From the baseline to <see cref="BreakpointMaxFactor"/> times the peak.</summary>
    [Field("10–86400 s from the baseline to `breakpointMaxFactor` × the peak")] public int BreakpointSeconds { get; init; } = 1800;
    [Field("1.5–100 times the peak's arrival rate")] public double BreakpointMaxFactor { get; init; } = 3;
    /// <summary>How long Artillery waits for a response before counting an error, s.</summary>
    [Field("1–120 s Artillery waits for a response (then an error)")] public int TimeoutSeconds { get; init; } = 10;

    private static JourneyPage Page(string path, double? think = null, string method = "GET", params string[] calls) => new(path, method, calls, think);

    /// <summary>Assumed: a shop's traffic mix (mostly browsing, few checkouts). Each page calls the cart and
    /// recommendations APIs, the workload's default of three dynamic requests a page.</summary>
    public static readonly IReadOnlyList<Journey> DefaultJourneys =
    [
        new("browse", 40, [Page("/", null, "GET", "/api/cart", "/api/recommendations"), Page("/category/shoes", null, "GET", "/api/cart", "/api/recommendations"),
            Page("/category/shoes?page=2", null, "GET", "/api/cart", "/api/recommendations")]),
        new("search", 25, [Page("/", null, "GET", "/api/cart", "/api/recommendations"), Page("/search?q=shoes", null, "GET", "/api/cart", "/api/recommendations")]),
        new("product", 20, [Page("/product/1", null, "GET", "/api/cart", "/api/recommendations"), Page("/product/2", null, "GET", "/api/cart", "/api/recommendations")]),
        new("cart", 10, [Page("/product/1", null, "GET", "/api/cart", "/api/recommendations"), Page("/api/cart/items", 5, "POST", "/api/cart", "/api/recommendations"),
            Page("/cart", null, "GET", "/api/cart", "/api/recommendations")]),
        new("checkout", 5, [Page("/cart", 5, "GET", "/api/cart", "/api/recommendations"), Page("/checkout", 5, "GET", "/api/cart", "/api/recommendations"),
            Page("/api/orders", null, "POST", "/api/cart", "/api/recommendations")]),
    ];
}

/// <summary>The load tests' assumed constants, each with its unit and reason.</summary>
public static class LoadTestDefaults
{
    private const string A = Assumption.Assumed;
    public static readonly Assumption ErrorBudget = new("Share of requests that may fail in a load test", 0.001, "fraction", $"{A}: 99.9% of requests answered, within the timeout, with a success status");
    public static readonly Assumption RequestsPerFargateWorker = new("Requests per second one Artillery Fargate worker sends", 250, "requests/s",
        $"{A}: a worker is Artillery's default Fargate task, 4 vCPU and 8 GB (artillery 2.0.34, lib/platform/aws-ecs/legacy/run-cluster.js); measure with a small --count first");
    public static readonly Assumption MaxFargateWorkers = new("Artillery Fargate workers at most", 1_000, "workers", $"{A}: a sanity bound; AWS's Fargate vCPU quota per account is usually lower");
    public static readonly IReadOnlyList<int> SuccessStatuses = [200, 201, 202, 204, 304];
}
