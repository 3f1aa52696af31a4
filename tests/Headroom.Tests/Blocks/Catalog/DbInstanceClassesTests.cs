using Headroom.Blocks.Catalog;

namespace Headroom.Tests.Blocks.Catalog;

/// <summary>The instance-class catalog against the sizes AWS publishes for each class.</summary>
public sealed class DbInstanceClassesTests
{
    [Theory]
    [InlineData("db.t4g.micro", 1)]
    [InlineData("db.t3.medium", 4)]
    [InlineData("db.m7g.large", 8)]
    [InlineData("db.m6i.4xlarge", 64)]
    [InlineData("db.r7g.large", 16)]
    [InlineData("db.r6gd.xlarge", 32)]
    [InlineData("db.x2g.2xlarge", 128)]
    public void Instance_memory_comes_from_the_class_name(string instanceClass, double gib)
    {
        DbInstanceClasses.MemoryGiB(instanceClass).Should().Be(gib);
    }

    [Theory]
    [InlineData("db.t4g.micro", 2)]
    [InlineData("db.t3.xlarge", 4)]
    [InlineData("db.t4g.2xlarge", 8)]
    [InlineData("db.m7g.large", 2)]
    [InlineData("db.r6g.xlarge", 4)]
    [InlineData("db.r7g.16xlarge", 64)]
    [InlineData("db.z1d.12xlarge", 48)]
    public void Vcpus_come_from_the_class_name(string instanceClass, int vcpus)
    {
        DbInstanceClasses.Find(instanceClass)!.VCpus.Should().Be(vcpus);
    }

    [Fact]
    public void An_older_burstable_generation_has_its_memory_but_no_derived_vcpus()
    {
        // db.t2.micro had 1 vCPU, db.t3.micro has 2: the size alone does not tell.
        DbInstanceClasses.Find("db.t2.micro").Should().Be(new DbInstanceClass("db.t2.micro", 1, null, 101));
    }

    [Fact]
    public void Max_connections_follows_rds_postgres_default_formula_capped_at_5000()
    {
        DbInstanceClasses.PostgresMaxConnections(16).Should().Be(1622, "16 GiB less a tenth, over 9531392 bytes");
        DbInstanceClasses.PostgresMaxConnections(768).Should().Be(5000);
        DbInstanceClasses.Find("db.r7g.large")!.PostgresMaxConnections.Should().Be(1622, "the class carries the formula's value for its memory");
    }

    [Theory]
    [InlineData("db.t4g.nano")]
    [InlineData("db.c6g.large")]
    [InlineData("db.x1e.xlarge")]
    [InlineData("cache.r7g.large")]
    [InlineData("db.r7g.metal")]
    [InlineData("db.m99999999999.large")]
    [InlineData("db.m5.99999999999xlarge")]
    public void A_class_the_catalog_does_not_know_is_null_not_a_guess(string instanceClass)
    {
        DbInstanceClasses.Find(instanceClass).Should().BeNull();
        DbInstanceClasses.MemoryGiB(instanceClass).Should().BeNull();
    }
}
