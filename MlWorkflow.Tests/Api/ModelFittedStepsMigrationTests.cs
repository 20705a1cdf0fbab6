using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Users;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;

namespace MlWorkflow.Tests.Api;

/// <summary>
/// The migration that keeps each model's fitted steps: models registered before it have none, except rows an earlier
/// worker wrote with the fitted steps in <c>steps</c>, which keep those.
/// </summary>
public sealed class ModelFittedStepsMigrationTests(InfrastructureFixture infrastructure)
{
    private const string MigrationBefore = "20261203065548_ModelNames";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EarlierModelsGetNoFittedStepsUnlessTheirStepsWereTheFittedOnes()
    {
        var connectionString = await infrastructure.CreateDatabaseAsync("model-fitted-steps");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var alice = new User { Email = "alice@example.com", PasswordHash = "x" };
        await using (var db = new MlWorkflowDbContext(MlWorkflowDbContextOptions.For(connectionString)))
        {
            await db.GetService<IMigrator>().MigrateAsync(MigrationBefore, Cancel);
            db.Users.Add(alice);
            await db.SaveChangesAsync(Cancel);
        }
        var spec = new PipelineStepSpec("fill", "impute", ["bill_length_mm"], JsonSerializer.SerializeToElement(new { strategy = "median" }), 0.9, null, true);
        var fitted = new FittedStep("fill", "impute", [new FittedColumn("bill_length_mm") { Strategy = "median", FillNumber = 44.45 }]);
        var rows = new List<(string Steps, Guid Id)>();
        foreach (var (steps, version) in new[] { ("[]", 1), (Json(new[] { spec }), 2), (Json(new[] { fitted }), 3) })
        {
            var artifact = await new PostgresArtifactStore(dataSource).SaveAsync(new MemoryStream([1]), "model", "application/zip", Cancel);
            var model = StoredModels.Penguins(alice.Id, artifact.Id, 1, steps: steps);
            model.Version = version;
            await StoredModels.InsertRowAsync(dataSource, model);
            rows.Add((steps, model.Id));
        }

        await using (var db = new MlWorkflowDbContext(MlWorkflowDbContextOptions.For(connectionString)))
        {
            await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(Cancel);
        }

        await using var check = new MlWorkflowDbContext(MlWorkflowDbContextOptions.For(connectionString));
        var stored = await check.Models.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.FittedSteps, Cancel);
        Assert.Equal("[]", stored[rows[0].Id]);
        Assert.Equal("[]", stored[rows[1].Id]);
        var kept = Assert.Single(JsonSerializer.Deserialize<List<FittedStep>>(stored[rows[2].Id], EngineJson.Options)!);
        Assert.Equal(("fill", "impute", "bill_length_mm", 44.45), (kept.Id, kept.Op, kept.Columns[0].Name, kept.Columns[0].FillNumber));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, EngineJson.Options);
}
