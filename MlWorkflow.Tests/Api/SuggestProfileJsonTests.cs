using System.Text.Json;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Profiling;
using Npgsql;

namespace MlWorkflow.Tests.Api;

/// <summary>The Api reads back every field of the profile the worker stored, after Postgres' jsonb has had it.</summary>
[Collection(nameof(ApiCollection))]
public sealed class SuggestProfileJsonTests(MlWorkflowApiFactory factory)
{
    [Theory]
    [InlineData("iris.csv")]
    [InlineData("penguins.csv")]
    [InlineData("titanic.csv")]
    [InlineData("cars.csv")]
    [InlineData("diabetes.csv")]
    public async Task StoredProfileOfSampleRoundTripsEveryField(string sample)
    {
        var client = await factory.GetSharedUserClientAsync();
        var bytes = await File.ReadAllBytesAsync(Uploads.Sample(sample), TestContext.Current.CancellationToken);
        var id = await ProfiledUploads.UploadAsync(client, factory.ConnectionString, bytes, sample);
        var written = JsonSerializer.Serialize(await ProfiledUploads.ProfileAsync(bytes), ProfiledUploads.WorkerJson);

        var stored = await ReadStoredProfileAsync(id);
        var read = EngineJson.ReadProfile(stored);

        Assert.True(JsonElement.DeepEquals(Parse(written), Parse(stored)), "jsonb changed the profile");
        Assert.Equal(written, JsonSerializer.Serialize(read, ProfiledUploads.WorkerJson));
    }

    [Fact]
    public async Task StoredPenguinsProfileCarriesEveryKindOfField()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");

        var profile = EngineJson.ReadProfile(await ReadStoredProfileAsync(id));

        var bill = profile.Columns.Single(c => c.Name == "bill_length_mm");
        var sex = profile.Columns.Single(c => c.Name == "sex");
        Assert.Equal(ColumnType.Numeric, bill.Type);
        Assert.NotNull(bill.Quantiles);
        Assert.NotNull(bill.Histogram);
        Assert.NotNull(bill.Skewness);
        Assert.Equal(ColumnType.Categorical, sex.Type);
        Assert.True(sex.Missing > 0);
        Assert.NotEmpty(sex.TopValues!);
        Assert.NotNull(profile.Correlations);
        Assert.NotEmpty(profile.CorrelationMatrices);
        Assert.Equal("species", profile.TargetCandidates[0].Column);
        Assert.NotEmpty(profile.Alerts);
        Assert.NotEmpty(profile.MissingTokens);
    }

    private static JsonElement Parse(string json) => JsonSerializer.Deserialize<JsonElement>(json);

    private async Task<string> ReadStoredProfileAsync(Guid id)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT profile::text FROM datasets WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
