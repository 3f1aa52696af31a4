using Headroom.Blocks.Database;
namespace Headroom.Tests.Config;

public sealed class DatabaseConfigTests : SectionRules
{
    protected override string Section => "database:\n  ";

    /// <summary>The database block's settings an environment document makes.</summary>
    private static DatabaseSettings Settings(EnvironmentConfig env) => env.Database.Settings(env);

    public static TheoryData<string, string, string> Violations => new()
    {
        // extra `database:` lines merged over a valid staging file, the field the error names, a phrase of its message
        { "replicas: 16", "database.replicas", "from 0 to 15" },
        { "replicas: -1", "database.replicas", "from 0 to 15" },
        { "engineVersion: sixteen", "database.engineVersion", "must be a PostgreSQL version" },
        { "engineVersion: 16.x", "database.engineVersion", "must be a PostgreSQL version" },
        { "engineVersion: \"12\"", "database.engineVersion", "supported PostgreSQL major version: 13, 14, 15, 16, 17" },
        { "instanceClass: r7g.large", "database.instanceClass", "db.<family>.<size>" },
        { "instanceClass: db.r7g", "database.instanceClass", "db.<family>.<size>" },
        { "replicas: 1\n  replicaInstanceClass: cache.r7g.large", "database.replicaInstanceClass", "db.<family>.<size>" },
        { "replicas: 1\n  replicaInstanceClassOverrides:\n    \"2\": db.r7g.large", "database.replicaInstanceClassOverrides.2", "1 to 1" },
        { "replicaInstanceClassOverrides:\n    \"1\": db.r7g.large", "database.replicaInstanceClassOverrides.1", "there are none" },
        { "replicas: 2\n  replicaInstanceClassOverrides:\n    \"1\": large", "database.replicaInstanceClassOverrides.1", "db.<family>.<size>" },
        { "port: 5432", "database.port", "non-default port" },
        { "port: 80", "database.port", "from 1150 to 65535" },
        { "databaseName: 1shop", "database.databaseName", "a letter" },
        { "databaseName: postgres", "database.databaseName", "reserve" },
        { "allocatedStorageGiB: 10", "database.allocatedStorageGiB", "from 20 to 65536" },
        { "allocatedStorageGiB: 100\n  maxAllocatedStorageGiB: 105", "database.maxAllocatedStorageGiB", "from 110 to 65536" },
        { "backupRetentionDays: 0", "database.backupRetentionDays", "from 1 to 35" },
        { "backupRetentionDays: 36", "database.backupRetentionDays", "from 1 to 35" },
        { "backupWindow: 2:00-3:00", "database.backupWindow", "daily UTC window hh:mm-hh:mm" },
        { "backupWindow: 25:00-26:00", "database.backupWindow", "daily UTC window hh:mm-hh:mm" },
        { "backupWindow: 02:00-02:15", "database.backupWindow", "at least 30 minutes" },
        { "maintenanceWindow: sunday:03:00-sunday:04:00", "database.maintenanceWindow", "weekly UTC window ddd:hh:mm-ddd:hh:mm" },
        { "maintenanceWindow: mon:01:00-mon:01:10", "database.maintenanceWindow", "at least 30 minutes" },
        { "maintenanceWindow: sun:02:30-sun:03:30", "database.maintenanceWindow", "must not overlap backupWindow" },
        { "backupWindow: 23:30-00:30\n  maintenanceWindow: wed:00:00-wed:01:00", "database.maintenanceWindow", "must not overlap backupWindow" },
        { "multiAz: maybe", "database.multiAz", "true or false" },
        { "slowQueryMilliseconds: -2", "database.slowQueryMilliseconds", "-1 turns slow-query logging off" },
        { "idleInTransactionTimeoutSeconds: -1", "database.idleInTransactionTimeoutSeconds", "from 0 to 86400" },
        { "passwordRotationDays: 0", "database.passwordRotationDays", "from 1 to 365" },
        { "logRetentionDays: 42", "database.logRetentionDays", "one of: 1, 3, 5" },
        { "proxy:\n    maxConnectionsPercent: 101", "database.proxy.maxConnectionsPercent", "from 1 to 100" },
        { "proxy:\n    maxConnectionsPercent: 0", "database.proxy.maxConnectionsPercent", "from 1 to 100" },
        { "proxy:\n    maxIdleConnectionsPercent: 95", "database.proxy.maxIdleConnectionsPercent", "from 0 to 90" },
        { "proxy:\n    idleClientTimeoutSeconds: 0", "database.proxy.idleClientTimeoutSeconds", "from 1 to 28800" },
        { "proxy:\n    borrowTimeoutSeconds: 4000", "database.proxy.borrowTimeoutSeconds", "from 0 to 3600" },
        { "proxy:\n    maxConnectionPercent: 50", "database.proxy.maxConnectionPercent", "did you mean 'maxConnectionsPercent'" },
        { "replica: 2", "database.replica", "did you mean 'replicas'" },
        // The instance-class catalog must know the class: the database alarms are sized from its memory.
        { "instanceClass: db.x1e.xlarge", "database.instanceClass", "need the class's memory" },
        { "replicas: 1\n  replicaInstanceClass: db.x1e.xlarge", "database.replicaInstanceClass", "need the class's memory" },
        { "replicas: 2\n  replicaInstanceClassOverrides:\n    \"2\": db.x1e.2xlarge", "database.replicaInstanceClassOverrides.2", "need the class's memory" },
    };

    [Theory]
    [InlineData("backupRetentionDays: 3", "database.backupRetentionDays", "production keeps at least a week")]
    [InlineData("multiAz: false", "database.multiAz", "must be true in production")]
    [InlineData("deletionProtection: false", "database.deletionProtection", "must be true in production")]
    public void Production_rules(string lines, string field, string phrase) =>
        TestConfig.ShouldBreakOnlyInProduction(Section + lines, field, phrase);

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
