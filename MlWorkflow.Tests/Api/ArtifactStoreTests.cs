using Microsoft.Extensions.Logging.Abstractions;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Data;
using MlWorkflow.Tests.Infrastructure;
using Npgsql;

namespace MlWorkflow.Tests.Api;

public sealed class ArtifactStoreDatabase(InfrastructureFixture infrastructure) : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await infrastructure.CreateDatabaseAsync("artifacts");
        await using var db = NewContext();
        await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(TestContext.Current.CancellationToken);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public MlWorkflowDbContext NewContext() => new(MlWorkflowDbContextOptions.For(ConnectionString));

    public async Task ExecuteAsync(string sql, Guid artifactId)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue(artifactId);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

public sealed class ArtifactStoreTests(ArtifactStoreDatabase database) : IClassFixture<ArtifactStoreDatabase>
{
    private const int ChunkSize = 1000;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private PostgresArtifactStore Store => new(database.DataSource);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(ChunkSize - 1, 1)]
    [InlineData(ChunkSize, 1)]
    [InlineData(ChunkSize + 1, 2)]
    [InlineData(3 * ChunkSize + 17, 4)]
    public async Task WriteThenReadReturnsSameBytesInFixedChunks(int length, int chunks)
    {
        var bytes = RandomBytes(length);

        var artifact = await WriteAsync(bytes, commit: true, writeSize: 333);

        Assert.Equal(length, artifact.Length);
        Assert.Equal(chunks, artifact.ChunkCount);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), artifact.Sha256);
        Assert.Equal(bytes, await ReadAllAsync(artifact.Id, readSize: 7));
        await using var stream = await Store.OpenReadAsync(artifact.Id, Cancel);
        using var copy = new MemoryStream();
        stream!.CopyTo(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task SaveAsyncStoresLargeStreamInOneMebibyteChunks()
    {
        var bytes = RandomBytes(2 * PostgresArtifactStore.DefaultChunkSize + 12_345);

        var artifact = await Store.SaveAsync(new MemoryStream(bytes), "test", "application/octet-stream", Cancel);

        Assert.Equal(3, artifact.ChunkCount);
        Assert.Equal(bytes, await ReadAllAsync(artifact.Id, readSize: 64 * 1024));
    }

    [Fact]
    public async Task RolledBackWriteLeavesNothing()
    {
        var artifact = await WriteAsync(RandomBytes(2 * ChunkSize + 5), commit: false, writeSize: 4096);

        Assert.Null(await Store.OpenReadAsync(artifact.Id, Cancel));
        await using var count = database.DataSource.CreateCommand("SELECT count(*) FROM artifact_chunks WHERE artifact_id = $1");
        count.Parameters.AddWithValue(artifact.Id);
        Assert.Equal(0L, await count.ExecuteScalarAsync(Cancel));
    }

    [Theory]
    [InlineData("UPDATE artifact_chunks SET data = overlay(data placing '\\x58'::bytea from 10) WHERE artifact_id = $1 AND index = 1", "SHA-256")]
    [InlineData("DELETE FROM artifact_chunks WHERE artifact_id = $1 AND index = 1", "chunk 1 of 3 is missing")]
    [InlineData("UPDATE artifact_chunks SET data = substring(data from 1 for 10) WHERE artifact_id = $1 AND index = 0", "chunk 0 has 10 bytes")]
    [InlineData("UPDATE artifacts SET length = length - 1 WHERE id = $1", "more than the recorded")]
    [InlineData("UPDATE artifacts SET length = length + 1 WHERE id = $1", "bytes instead of")]
    public async Task TamperedArtifactFailsIntegrityCheckOnRead(string tamper, string expectedMessage)
    {
        var artifact = await WriteAsync(RandomBytes(2 * ChunkSize + 100), commit: true, writeSize: 500);
        await database.ExecuteAsync(tamper, artifact.Id);

        var error = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => ReadAllAsync(artifact.Id, readSize: 4096));

        Assert.Equal(artifact.Id, error.ArtifactId);
        Assert.Contains(expectedMessage, error.Message);
    }

    [Fact]
    public async Task OpenReadUnknownIdReturnsNull()
    {
        Assert.Null(await Store.OpenReadAsync(Guid.NewGuid(), Cancel));
    }

    private async Task<Artifact> WriteAsync(byte[] bytes, bool commit, int writeSize)
    {
        await using var db = database.NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
        Artifact artifact;
        await using (var writer = await PostgresArtifactStore.BeginWriteAsync(db.Database, "test", "text/csv", Cancel, ChunkSize))
        {
            for (var offset = 0; offset < bytes.Length; offset += writeSize)
            {
                await writer.WriteAsync(bytes.AsMemory(offset, Math.Min(writeSize, bytes.Length - offset)), Cancel);
            }
            artifact = await writer.CompleteAsync(Cancel);
        }
        if (commit)
        {
            await transaction.CommitAsync(Cancel);
        }
        return artifact;
    }

    private async Task<byte[]> ReadAllAsync(Guid id, int readSize)
    {
        await using var stream = await Store.OpenReadAsync(id, Cancel) ?? throw new InvalidOperationException("missing");
        using var copy = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = await stream.ReadAsync(buffer, Cancel)) > 0)
        {
            copy.Write(buffer, 0, read);
        }
        return copy.ToArray();
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
