using Headroom.Blocks.Database;
namespace Headroom.Tests.Config;

public sealed class DatabaseConfigTests
{
    /// <summary>The database block's settings an environment document makes.</summary>
    private static DatabaseSettings Settings(EnvironmentConfig env) => env.Database.Settings(env);

    [Fact]
    public void Defaults_follow_production_and_replica_classes_fall_back_to_the_primary()
    {
        var staging = Settings(TestConfig.Parse(TestConfig.Staging));
        var prod = Settings(TestConfig.Parse(TestConfig.Prod));

        staging.MultiAz.Should().BeFalse();
        staging.DeletionProtection.Should().BeFalse();
        prod.MultiAz.Should().BeTrue();
        prod.DeletionProtection.Should().BeTrue();
        staging.ReplicaInstanceClasses.Should().BeEmpty();
        staging.Port.Should().Be(5433);
        staging.EngineVersion.Should().Be("16");
    }

    [Fact]
    public void A_valid_section_round_trips_every_field()
    {
        var config = TestConfig.Parse(TestConfig.With(TestConfig.Staging, """
            database:
              engineVersion: "17.2"
              instanceClass: db.m7g.xlarge
              multiAz: true
              replicas: 3
              replicaInstanceClass: db.r7g.large
              replicaInstanceClassOverrides:
                "3": db.r7g.2xlarge
              port: 6432
              databaseName: orders
              allocatedStorageGiB: 200
              maxAllocatedStorageGiB: 2000
              backupRetentionDays: 21
              backupWindow: "23:30-00:30"
              maintenanceWindow: "tue:02:00-tue:03:00"
              deletionProtection: true
              slowQueryMilliseconds: -1
              idleInTransactionTimeoutSeconds: 0
              passwordRotationDays: 7
              logRetentionDays: 365
              proxy:
                maxConnectionsPercent: 100
                maxIdleConnectionsPercent: 100
                idleClientTimeoutSeconds: 600
                borrowTimeoutSeconds: 30
            """));
        var db = Settings(config);

        db.EngineVersion.Should().Be("17.2");
        db.ReplicaInstanceClasses.Should().Equal("db.r7g.large", "db.r7g.large", "db.r7g.2xlarge");
        db.MultiAz.Should().BeTrue();
        (db.Port, db.DatabaseName, db.AllocatedStorageGiB, db.MaxAllocatedStorageGiB).Should().Be((6432, "orders", 200, 2000));
        (db.BackupRetentionDays, db.BackupWindow, db.MaintenanceWindow).Should().Be((21, "23:30-00:30", "tue:02:00-tue:03:00"));
        (db.SlowQueryMilliseconds, db.IdleInTransactionTimeoutSeconds, db.PasswordRotationDays, db.LogRetentionDays).Should().Be((-1, 0, 7, 365));
        (db.Proxy.MaxConnectionsPercent, db.Proxy.MaxIdleConnectionsPercent, db.Proxy.IdleClientTimeoutSeconds, db.Proxy.BorrowTimeoutSeconds)
            .Should().Be((100, 100, 600, 30));
    }

    [Fact]
    public void The_real_environments_have_the_intended_database_shape()
    {
        var envs = ConfigLoader.LoadDirectory(Repo.Environments).ToDictionary(e => e.Name);

        Settings(envs["prod"]).ReplicaInstanceClasses.Should().HaveCount(3).And.OnlyContain(c => c.StartsWith("db.r7g.", StringComparison.Ordinal));
        Settings(envs["prod"]).BackupRetentionDays.Should().BeGreaterThanOrEqualTo(7);
        Settings(envs["staging"]).Replicas.Should().BeInRange(0, 1);
    }
}
