using Headroom.App.LoadTest;

namespace Headroom.App.Config.Sections;

/// <summary>The `workload.loadTest:` section: the load tests' error budget, journeys, scenario lengths and target
/// (<see cref="LoadTestSettings"/>). Arrival rates are not set here: they follow from the workload.</summary>
[SectionFields] public sealed partial class LoadTestConfig : IOverrides<LoadTestSettings>
{
    [GeneratedRegex(@"^https://[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[0-9]{1,5})?/?\z")] private static partial Regex HttpsTarget();
    [GeneratedRegex(@"^http://(127\.0\.0\.1|localhost):[0-9]{1,5}/?\z")] private static partial Regex LocalTarget();
    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,39}\z")] private static partial Regex JourneyName();
    [GeneratedRegex(@"^/[A-Za-z0-9_\-.~/?=&%+:@,;]*\z")] private static partial Regex PathPattern();

    public void Validate(ConfigValidator v, string path)
    {
        Range("errorBudget", ErrorBudget, 0, 0.5);
        if (Target is not null)
            v.Check(HttpsTarget().IsMatch(Target) || (!v.Root.Production && LocalTarget().IsMatch(Target)), $"{path}.target", Target,
                v.Root.Production ? "must be https://host[:port] (production)" : "must be https://host[:port], or http://127.0.0.1:port or http://localhost:port for a local server");
        Range("smokeSeconds", SmokeSeconds, 5, 3600);
        Range("smokeArrivalRate", SmokeArrivalRate, 0.1, 1000);
        Range("rampSeconds", RampSeconds, 5, 86_400);
        Range("peakHoldSeconds", PeakHoldSeconds, 0, 86_400);
        Range("spikeBaselineSeconds", SpikeBaselineSeconds, 0, 3600);
        Range("spikeRiseSeconds", SpikeRiseSeconds, 5, 120, "the opening reaches the peak within two minutes");
        Range("spikeHoldSeconds", SpikeHoldSeconds, 5, 86_400);
        Range("soakSeconds", SoakSeconds, 60, 172_800);
        Range("breakpointSeconds", BreakpointSeconds, 10, 86_400);
        Range("breakpointMaxFactor", BreakpointMaxFactor, 1.5, 100);
        Range("timeoutSeconds", TimeoutSeconds, 1, 120);
        if (Journeys is not { } journeys) return;

        v.Check(journeys.Count is >= 1 and <= 50, $"{path}.journeys", $"{journeys.Count} journeys", "must list 1 to 50 journeys");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < journeys.Count; i++)
        {
            var j = journeys[i];
            var at = $"{path}.journeys[{i}]";
            if (v.Required($"{at}.name", j.Name, "a name such as browse") && v.Matches($"{at}.name", j.Name, JourneyName(), "must be lower-case letters, digits and '-', at most 40"))
                v.Check(names.Add(j.Name!), $"{at}.name", j.Name, "must not repeat a journey listed before");
            if (j.Weight is { } weight) v.Range($"{at}.weight", weight, 1, 1000);
            if (!v.Required($"{at}.pages", j.Pages, "the pages the journey opens, 1 to 100")) continue;
            v.Check(j.Pages!.Count is >= 1 and <= 100, $"{at}.pages", $"{j.Pages.Count} pages", "must list 1 to 100 pages");
            for (var p = 0; p < j.Pages.Count; p++)
            {
                var page = j.Pages[p];
                var pat = $"{at}.pages[{p}]";
                if (v.Required($"{pat}.path", page.Path, "a path such as /product/1"))
                    v.Matches($"{pat}.path", page.Path, PathPattern(), "must be a path from '/' (letters, digits and -._~/?=&%+:@,;)");
                if (page.Method is { } method) v.OneOf($"{pat}.method", method, ["GET", "POST"]);
                for (var c = 0; c < (page.Calls?.Count ?? 0); c++)
                    v.Matches($"{pat}.calls[{c}]", page.Calls![c], PathPattern(), "must be a path from '/' (letters, digits and -._~/?=&%+:@,;)");
                v.Check((page.Calls?.Count ?? 0) <= 20, $"{pat}.calls", $"{page.Calls?.Count} calls", "must list at most 20 calls");
                if (page.ThinkSeconds is { } think) v.Range($"{pat}.thinkSeconds", think, 0, 3600);
            }
        }

        void Range(string field, double? value, double min, double max, string? why = null)
        {
            if (value is { } x) v.Range($"{path}.{field}", x, min, max, why);
        }
    }
}

/// <summary>One journey of `workload.loadTest.journeys`.</summary>
[SectionFields] public sealed partial class JourneyConfig : IOverrides<Journey>;

/// <summary>One page of a journey.</summary>
[SectionFields] public sealed partial class JourneyPageConfig : IOverrides<JourneyPage>;
