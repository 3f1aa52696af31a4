namespace Headroom.App.Capacity;

/// <summary>
/// M/M/c queueing (Erlang C): the probability a request waits, and the response-time tail of one instance with
/// c workers. Used per instance, because the load balancer spreads requests over instances that each queue on
/// their own; pooling the whole fleet into one M/M/(n·c) queue would overstate what it holds.
/// Formulas: Kleinrock, Queueing Systems vol. 1, §3.5; the same as Wolfram's ErlangC,
/// https://reference.wolfram.com/language/ref/ErlangC.html
/// </summary>
public static class Queueing
{
    /// <summary>Erlang C: probability an arrival waits, with c servers and offered load a = λ/μ erlangs (a &lt; c).
    /// Computed through the Erlang B recursion, which stays stable for hundreds of servers.</summary>
    public static double ErlangC(int servers, double offeredErlangs)
    {
        if (servers < 1) throw new ArgumentOutOfRangeException(nameof(servers), servers, "at least one server");
        if (offeredErlangs < 0) throw new ArgumentOutOfRangeException(nameof(offeredErlangs), offeredErlangs, "load is never negative");
        if (offeredErlangs >= servers) return 1; // saturated: every arrival waits, forever
        var b = 1.0;
        for (var k = 1; k <= servers; k++) b = offeredErlangs * b / (k + offeredErlangs * b);
        var rho = offeredErlangs / servers;
        return b / (1 - rho + rho * b);
    }

    /// <summary>P(response time &gt; t) in an M/M/c FCFS queue: service Exp(μ) plus a wait that is 0 with
    /// probability 1 − C and Exp(cμ − λ) otherwise.</summary>
    public static double ResponseTimeExceeds(int servers, double arrivalRate, double serviceRate, double t)
    {
        var a = arrivalRate / serviceRate;
        if (a >= servers) return 1;
        var c = ErlangC(servers, a);
        var theta = servers * serviceRate - arrivalRate;
        var mu = serviceRate;
        // Sum of Exp(θ) and Exp(μ): hypoexponential tail; equal rates give the Erlang-2 tail.
        var sumTail = Math.Abs(theta - mu) < 1e-12 * mu
            ? Math.Exp(-mu * t) * (1 + mu * t)
            : (theta * Math.Exp(-mu * t) - mu * Math.Exp(-theta * t)) / (theta - mu);
        return (1 - c) * Math.Exp(-mu * t) + c * sumTail;
    }

    /// <summary>
    /// The highest arrival rate (requests/s) one instance with <paramref name="servers"/> workers takes while the
    /// response time stays under each target at its percentile (p95: 5% may exceed it). Zero when even an idle
    /// instance misses the target (the service time alone is too slow).
    /// </summary>
    public static double MaxArrivalRate(int servers, double serviceTimeMs, IReadOnlyList<(double TargetMs, double Percentile)> targets)
    {
        var mu = 1000.0 / serviceTimeMs;
        bool Holds(double lambda) => targets.All(x => ResponseTimeExceeds(servers, lambda, mu, x.TargetMs / 1000.0) <= 1 - x.Percentile);
        if (!Holds(0)) return 0;
        double lo = 0, hi = servers * mu;
        // The tail grows with λ, so bisection finds the edge; 60 halvings reach double precision.
        for (var i = 0; i < 60; i++)
        {
            var mid = (lo + hi) / 2;
            if (Holds(mid)) lo = mid; else hi = mid;
        }
        return lo;
    }
}
