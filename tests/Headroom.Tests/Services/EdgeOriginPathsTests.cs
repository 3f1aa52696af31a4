using Headroom.Blocks.Edge;

namespace Headroom.Tests.Services;

/// <summary>The edge block's own rules for the services' cache behaviours (no synthesis: what Settings.Enforce refuses).</summary>
public sealed class EdgeOriginPathsTests
{
    private static EdgeProps Props(params OriginPath[] paths) => new()
    {
        NamePrefix = "headroom-test",
        OriginDomainName = "lb.example.com",
        OriginPaths = paths,
    };

    private static List<string> Problems(EdgeProps props)
    {
        try
        {
            Headroom.Blocks.Common.Settings.Enforce(nameof(Edge), props.CheckWiring);
            return [];
        }
        catch (ArgumentException e)
        {
            return [e.Message];
        }
    }

    [Fact]
    public void Service_paths_fit_beside_the_static_paths_and_the_busy_page()
    {
        Problems(Props(new OriginPath("/checkout/*"), new OriginPath("/api/cart/*", Cached: true))).Should().BeEmpty();
        // Two static paths and the busy page leave 22 of CloudFront's 25 behaviours.
        Problems(Props([.. Enumerable.Range(1, 22).Select(i => new OriginPath($"/s{i}/*"))])).Should().BeEmpty();
        Problems(Props([.. Enumerable.Range(1, 23).Select(i => new OriginPath($"/s{i}/*"))])).Should().ContainSingle()
            .Which.Should().Contain("at most 25 cache behaviours").And.Contain("it would have 26");
    }

    [Theory]
    [InlineData("/static/*", "must not repeat a static path")]
    [InlineData("/busy.html", "must not repeat a static path")]
    [InlineData("/*", "not '/*'")]
    [InlineData("checkout/*", "must be a path pattern")]
    public void A_service_path_must_be_a_pattern_of_its_own(string pattern, string message) =>
        Problems(Props(new OriginPath(pattern))).Should().ContainSingle().Which.Should().Contain(message);
}
