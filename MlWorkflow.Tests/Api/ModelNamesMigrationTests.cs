using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Users;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;

namespace MlWorkflow.Tests.Api;

/// <summary>The migration that brings version counters per model name starts each existing name at its highest stored version.</summary>
public sealed class ModelNamesMigrationTests(InfrastructureFixture infrastructure)
{
    private const string MigrationBefore = "20261202172217_Deployments";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NamesRegisteredBeforeTheMigrationCountOnFromTheirHighestVersion()
    {
        var connectionString = await infrastructure.CreateDatabaseAsync("model-names");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var alice = new User { Email = "alice@example.com", PasswordHash = "x" };
        var bob = new User { Email = "bob@example.com", PasswordHash = "x" };
        await using (var db = new MlWorkflowDbContext(MlWorkflowDbContextOptions.For(connectionString)))
        {
            await db.GetService<IMigrator>().MigrateAsync(MigrationBefore, Cancel);
            db.Users.AddRange(alice, bob);
            await db.SaveChangesAsync(Cancel);
        }
        foreach (var (owner, version) in new[] { (alice, 1), (alice, 2), (alice, 5), (bob, 1) })
        {
            var artifact = await new PostgresArtifactStore(dataSource).SaveAsync(new MemoryStream([1]), "model", "application/zip", Cancel);
            var model = StoredModels.Penguins(owner.Id, artifact.Id, 1, name: "churn");
            model.Version = version;
            // The models table of that migration, not today's.
            await StoredModels.InsertRowAsync(dataSource, model);
        }

        await using (var db = new MlWorkflowDbContext(MlWorkflowDbContextOptions.For(connectionString)))
        {
            await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(Cancel);
        }

        Assert.Equal(6, (await StoredModels.InsertAsync(connectionString, alice.Id, [1], name: "churn")).Version);
        Assert.Equal(2, (await StoredModels.InsertAsync(connectionString, bob.Id, [1], name: "churn")).Version);
        Assert.Equal(1, (await StoredModels.InsertAsync(connectionString, bob.Id, [1], name: "new-name")).Version);
    }
}
