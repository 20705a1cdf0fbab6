using System.Net;
using System.Text.RegularExpressions;
using MlWorkflow.Core.Tasks;

namespace MlWorkflow.Tests.Api;

[Collection(nameof(ApiCollection))]
public sealed partial class LogsApiTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private WorkerSimulator Worker => HangfireJobs.Simulator(factory, factory.ConnectionString);

    [Fact]
    public async Task LogsPageByAfterAndLimit()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (_, taskId) = await Uploads.UploadForTaskAsync(client);
        await Worker.SetStatusAsync(taskId, WorkflowTaskStatus.Running);
        await Worker.LogAsync(taskId, 23, progress: 40);

        var first = await Uploads.GetJsonAsync(client, $"/api/logs/{taskId}?after=0&limit=10");
        var rest = await Uploads.GetJsonAsync(client, $"/api/logs/{taskId}?after={first.GetProperty("nextAfter").GetInt64()}&limit=100");
        var none = await Uploads.GetJsonAsync(client, $"/api/logs/{taskId}?after=25");

        Assert.Equal(taskId, first.GetProperty("taskId").GetGuid());
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), first.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(10, first.GetProperty("nextAfter").GetInt64());
        Assert.Equal(Enumerable.Range(11, 15).Select(i => (long)i), rest.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(25, rest.GetProperty("nextAfter").GetInt64());
        Assert.Equal(0, none.GetProperty("entries").GetArrayLength());
        Assert.Equal(25, none.GetProperty("nextAfter").GetInt64());
        var entry = first.GetProperty("entries")[2];
        Assert.Equal("work", entry.GetProperty("step").GetString());
        Assert.Equal("debug", entry.GetProperty("level").GetString());
        Assert.Equal(40, (await Uploads.GetJsonAsync(client, $"/api/task/{taskId}/status")).GetProperty("progress").GetInt32());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=10001")]
    [InlineData("after=-1")]
    public async Task LogsWithBadPagingReturnValidationProblem(string query)
    {
        var client = await factory.GetSharedUserClientAsync();
        var (_, taskId) = await Uploads.UploadForTaskAsync(client);

        var response = await client.GetAsync($"/api/logs/{taskId}?{query}", Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task LogsAsTextHaveOneLinePerEntryAndAFileName()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (_, taskId) = await Uploads.UploadForTaskAsync(client);
        await Worker.SetStatusAsync(taskId, WorkflowTaskStatus.Running);
        await Worker.LogAsync(taskId, 6000);
        await Worker.SetStatusAsync(taskId, WorkflowTaskStatus.Completed, "done\nin two lines");

        var response = await client.GetAsync($"/api/logs/{taskId}.txt", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"task-{taskId}.log.txt", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = (await response.Content.ReadAsStringAsync(Cancel)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6003, lines.Length);
        Assert.All(lines, line => Assert.Matches(LineFormat(), line));
        Assert.Contains("[INFO] status: pending: queued on 'profile'", lines[0]);
        Assert.Contains("[DEBUG] work: line 0 of a batch of 6000", lines[2]);
        Assert.EndsWith("[INFO] status: completed: done\\nin two lines", lines[^1]);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z \[(DEBUG|INFO|WARNING|ERROR)\] [a-z]+: .+$")]
    private static partial Regex LineFormat();
}
