using System.Net;
using System.Text;
using System.Text.Json;
using MlWorkflow.Core.Tasks;
using Npgsql;

namespace MlWorkflow.Tests.Api;

/// <summary>The upload's optional <c>missingTokens</c> field reaches the profile task's parameters, or is refused whole.</summary>
[Collection(nameof(ApiCollection))]
public sealed class UploadMissingTokensTests(MlWorkflowApiFactory factory)
{
    private static readonly byte[] s_csv = Encoding.UTF8.GetBytes("x,y\n1,-999\n3,4\n");

    [Fact]
    public async Task UploadWithMissingTokensStoresThemOnTheProfileTask()
    {
        var client = await factory.GetSharedUserClientAsync();
        using var form = Uploads.Form(s_csv, "holes.csv");
        form.Add(new StringContent("""["", "-999", "unknown"]"""), "missingTokens");

        var response = await client.PostAsync("/api/upload", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var parameters = ProfileTaskParameters.Parse(await ParametersAsync(body.GetProperty("task").GetProperty("id").GetGuid()));
        Assert.Equal(["", "-999", "unknown"], parameters.MissingTokens);
    }

    [Fact]
    public async Task UploadWithoutMissingTokensLeavesTheDefaultList()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (_, taskId) = await Uploads.UploadForTaskAsync(client);

        Assert.Null(ProfileTaskParameters.Parse(await ParametersAsync(taskId)).MissingTokens);
    }

    [Theory]
    [InlineData("NA,-999", "not a JSON array")]
    [InlineData("null", "null")]
    [InlineData("""["NA", null]""", "use \"\" for empty")]
    [InlineData("""[" NA"]""", "white space")]
    [InlineData("""["NA", "NA"]""", "more than once")]
    [InlineData("""["a\u0007b"]""", "control characters")]
    public async Task UploadWithBadMissingTokensIsRefusedAndLeavesNothing(string field, string expected)
    {
        var form = Uploads.Form(s_csv, "holes.csv");
        form.Add(new StringContent(field), "missingTokens");

        var problem = await RejectedAsync(form);

        Assert.Contains(expected, problem.GetProperty("detail").GetString());
        Assert.Contains("JSON array of strings", problem.GetProperty("fix").GetString());
    }

    [Fact]
    public async Task UploadWithTooManyMissingTokensIsRefused()
    {
        var form = Uploads.Form(s_csv, "holes.csv");
        form.Add(new StringContent(JsonSerializer.Serialize(Enumerable.Range(0, 101).Select(i => $"t{i}"))), "missingTokens");

        var problem = await RejectedAsync(form);

        Assert.Contains("101", problem.GetProperty("detail").GetString());
    }

    private async Task<JsonElement> RejectedAsync(MultipartFormDataContent form)
    {
        var client = await factory.GetSharedUserClientAsync();
        var before = await factory.CountStoredRowsAsync();
        using (form)
        {
            var response = await client.PostAsync("/api/upload", form, TestContext.Current.CancellationToken);
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid_missing_tokens");
            Assert.Equal(before, await factory.CountStoredRowsAsync());
            return problem;
        }
    }

    private async Task<string> ParametersAsync(Guid taskId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT parameters::text FROM tasks WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", taskId);
        return (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
