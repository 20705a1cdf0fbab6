using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Models;

namespace MlWorkflow.Tests.Api;

/// <summary><see cref="ModelRows"/> on a migrated database: version numbers per owner and name, also under concurrency.</summary>
public sealed class ModelRowsTests(ArtifactStoreDatabase database) : IClassFixture<ArtifactStoreDatabase>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InsertNumbersVersionsPerOwnerAndName()
    {
        var alice = await CreateUserAsync();
        var bob = await CreateUserAsync();

        var first = await StoredModels.InsertAsync(database.ConnectionString, alice, [1]);
        var second = await StoredModels.InsertAsync(database.ConnectionString, alice, [2]);
        var other = await StoredModels.InsertAsync(database.ConnectionString, alice, [3], name: "other");
        var bobs = await StoredModels.InsertAsync(database.ConnectionString, bob, [4]);
        var third = await StoredModels.InsertAsync(database.ConnectionString, alice, [5]);

        Assert.Equal([1, 2, 1, 1, 3], new[] { first.Version, second.Version, other.Version, bobs.Version, third.Version });
        Assert.Equal(3, await ScalarAsync<int>($"SELECT version FROM models WHERE id = '{third.Id}'"));
    }

    [Fact]
    public async Task DeletingTheLatestVersionNeverLetsItsNumberBeGivenAgain()
    {
        var owner = await CreateUserAsync();
        await StoredModels.InsertAsync(database.ConnectionString, owner, [1], name: "kept-numbers");
        var second = await StoredModels.InsertAsync(database.ConnectionString, owner, [2], name: "kept-numbers");
        await ExecuteAsync($"DELETE FROM models WHERE id = '{second.Id}'");

        var third = await StoredModels.InsertAsync(database.ConnectionString, owner, [3], name: "kept-numbers");

        Assert.Equal(3, third.Version);
    }

    [Fact]
    public async Task ARolledBackInsertGivesItsNumberToTheNextOne()
    {
        var owner = await CreateUserAsync();
        await using (var connection = await database.DataSource.OpenConnectionAsync(Cancel))
        {
            await using var transaction = await connection.BeginTransactionAsync(Cancel);
            var abandoned = StoredModels.Penguins(owner, await ArtifactAsync(), 1, name: "rolled-back");
            Assert.Equal(1, await ModelRows.InsertAsync(connection, transaction, abandoned, Cancel));
            await transaction.RollbackAsync(Cancel);
        }

        var model = await StoredModels.InsertAsync(database.ConnectionString, owner, [1], name: "rolled-back");

        Assert.Equal(1, model.Version);
    }

    [Fact]
    public async Task ConcurrentInsertsOfOneNameGetOneAndTwo()
    {
        var owner = await CreateUserAsync();
        await using var first = await database.DataSource.OpenConnectionAsync(Cancel);
        await using var firstTransaction = await first.BeginTransactionAsync(Cancel);
        var firstModel = StoredModels.Penguins(owner, await ArtifactAsync(), 1, name: "race");
        await ModelRows.InsertAsync(first, firstTransaction, firstModel, Cancel);

        // The second insert counts on from the name's last version while the first is uncommitted: it must wait for it, not take 1.
        var secondModel = StoredModels.Penguins(owner, await ArtifactAsync(), 1, name: "race");
        var second = Task.Run(async () =>
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(Cancel);
            await using var transaction = await connection.BeginTransactionAsync(Cancel);
            var version = await ModelRows.InsertAsync(connection, transaction, secondModel, Cancel);
            await transaction.CommitAsync(Cancel);
            return version;
        }, Cancel);
        await Task.Delay(300, Cancel);
        Assert.False(second.IsCompleted);
        await firstTransaction.CommitAsync(Cancel);

        Assert.Equal(1, firstModel.Version);
        Assert.Equal(2, await second.WaitAsync(TimeSpan.FromSeconds(30), Cancel));
    }

    [Fact]
    public async Task ManyParallelInsertsGetDistinctConsecutiveVersions()
    {
        var owner = await CreateUserAsync();

        var versions = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => StoredModels.InsertAsync(database.ConnectionString, owner, [(byte)i], name: "parallel"), Cancel)));

        Assert.Equal(Enumerable.Range(1, 8), versions.Select(m => m.Version).Order());
    }

    [Fact]
    public async Task ArtifactSweepKeepsModelPackagesAndTakesThemOnceTheModelIsDeleted()
    {
        var owner = await CreateUserAsync();
        var model = await StoredModels.InsertAsync(database.ConnectionString, owner, "PK\u0003\u0004package"u8.ToArray(), name: "swept");
        var orphan = await new PostgresArtifactStore(database.DataSource).SaveAsync(new MemoryStream([9, 9]), "model", "application/zip", Cancel);
        await ExecuteAsync($"UPDATE artifacts SET created_at = now() - interval '2 hours' WHERE id IN ('{model.ArtifactId}', '{orphan.Id}')");
        var store = new PostgresArtifactStore(database.DataSource);

        await store.DeleteUnreferencedAsync(DateTimeOffset.UtcNow.AddHours(-1), Cancel);

        Assert.Equal(1L, await ScalarAsync<long>($"SELECT count(*) FROM artifacts WHERE id = '{model.ArtifactId}'"));
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM artifacts WHERE id = '{orphan.Id}'"));

        await ExecuteAsync($"DELETE FROM models WHERE id = '{model.Id}'");
        await store.DeleteUnreferencedAsync(DateTimeOffset.UtcNow.AddHours(-1), Cancel);

        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM artifacts WHERE id = '{model.ArtifactId}'"));
        Assert.Equal(0L, await ScalarAsync<long>($"SELECT count(*) FROM artifact_chunks WHERE artifact_id = '{model.ArtifactId}'"));
    }

    [Fact]
    public async Task DeletingTheDatasetKeepsTheModel()
    {
        var owner = await CreateUserAsync();
        var dataset = new Dataset
        {
            OwnerId = owner, Name = "penguins", FileName = "penguins.csv", Format = "csv", Delimiter = ',', Quote = '"', Encoding = "utf-8",
            SizeBytes = 0, Sha256 = null, RowCount = 0, Columns = [], ColumnCount = 0, ArtifactId = null,
        };
        await using (var db = database.NewContext())
        {
            db.Datasets.Add(dataset);
            await db.SaveChangesAsync(Cancel);
        }
        var datasetId = dataset.Id;
        var model = await StoredModels.InsertAsync(database.ConnectionString, owner, [1], name: "kept", datasetId: datasetId);

        await ExecuteAsync($"DELETE FROM datasets WHERE id = '{datasetId}'");

        Assert.Equal("penguins", await ScalarAsync<string>($"SELECT dataset_name FROM models WHERE id = '{model.Id}' AND dataset_id IS NULL"));
    }

    private async Task<Guid> CreateUserAsync()
    {
        var id = Guid.CreateVersion7();
        await ExecuteAsync($"INSERT INTO users (id, email, password_hash, is_admin, created_at) VALUES ('{id}', '{id}@example.com', 'x', false, now())");
        return id;
    }

    private async Task<Guid> ArtifactAsync() =>
        (await new PostgresArtifactStore(database.DataSource).SaveAsync(new MemoryStream([1, 2, 3]), "model", "application/zip", Cancel)).Id;

    private async Task ExecuteAsync(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Cancel);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = database.DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(Cancel))!;
    }
}
