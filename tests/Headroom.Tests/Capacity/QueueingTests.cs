using Headroom.App.Capacity;

namespace Headroom.Tests.Capacity;

/// <summary>
/// Erlang C against published worked examples: Wolfram Language's ErlangC reference page,
/// https://reference.wolfram.com/language/ref/ErlangC.html (the two "Applications"), and the M/M/1 special
/// cases any queueing text gives (Kleinrock vol. 1, §3.2).
/// </summary>
public sealed class QueueingTests
{
    [Fact]
    public void Two_lines_at_one_and_a_half_erlangs_wait_nine_times_in_fourteen()
    {
        // Wolfram: two 1 Mbps lines, 150 packets/s of 10 kbit on average: a = 150 × 0.01 s = 1.5 erlangs.
        // By hand: (a²/2!)·c/(c−a) = 1.125·4 = 4.5; Σ_{k<2} a^k/k! = 2.5; 4.5 / 7 = 9/14.
        Queueing.ErlangC(2, 1.5).Should().BeApproximately(9.0 / 14, 1e-12);
    }

    [Fact]
    public void A_support_centre_at_two_and_a_half_erlangs_needs_six_people_for_ninety_percent_answered_at_once()
    {
        // Wolfram: 30 calls an hour, 5 minutes each: a = 2.5 erlangs; the fewest servers with P(wait) ≤ 10%.
        var servers = Enumerable.Range(3, 10).First(c => Queueing.ErlangC(c, 2.5) <= 0.10);
        servers.Should().Be(6);
        Queueing.ErlangC(5, 2.5).Should().BeApproximately(0.1304, 1e-4, "five are not enough (hand: 1.6276 / 12.4844)");
    }

    [Fact]
    public void Three_servers_at_two_erlangs_wait_four_times_in_nine() =>
        Queueing.ErlangC(3, 2).Should().BeApproximately(4.0 / 9, 1e-12);

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.8)]
    public void One_server_waits_with_probability_rho(double rho) => Queueing.ErlangC(1, rho).Should().BeApproximately(rho, 1e-12);

    [Fact]
    public void One_server_response_time_is_exponential_with_rate_mu_minus_lambda()
    {
        // M/M/1: T ~ Exp(μ − λ).
        Queueing.ResponseTimeExceeds(1, 12, 20, 0.3).Should().BeApproximately(Math.Exp(-8 * 0.3), 1e-12);
    }

    [Fact]
    public void One_worker_at_50_ms_holds_ten_requests_a_second_at_p95_300_ms()
    {
        // exp(−(μ−λ)t) = 0.05 → λ = μ − ln 20 / t = 20 − 2.99573/0.3 = 10.0142.
        Queueing.MaxArrivalRate(1, 50, [(300, 0.95)]).Should().BeApproximately(20 - Math.Log(20) / 0.3, 1e-6);
    }

    [Fact]
    public void A_target_below_the_service_time_tail_holds_nothing() =>
        Queueing.MaxArrivalRate(2, 200, [(300, 0.95)]).Should().Be(0);

    [Fact]
    public void Queueing_holds_less_than_division()
    {
        // Dividing 2 workers by 50 ms says 40 requests/s; the p95 target leaves far less.
        Queueing.MaxArrivalRate(2, 50, [(300, 0.95)]).Should().BeLessThan(40 * 0.8);
    }
}
