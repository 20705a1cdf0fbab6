using System.Text.Json;
using Hangfire;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Worker;

[Slow]
[Collection(WorkerProcessCollection.Name)]
public sealed class PreprocessTaskTests(ProfileWorkerFixture fixture) : IClassFixture<ProfileWorkerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TaskDatabase Database => fixture.Database;

    [Fact]
    public async Task PreprocessOfPenguinsWritesOutputWithFittedLineageThenProfilesIt()
    {
        var ownerId = await Database.CreateUserAsync();
        var parent = await Database.CreateSampleDatasetAsync(ownerId, "penguins.csv");
        await PreprocessTasks.ProfileAsync(Database, ownerId, parent, fixture.Worker);
        var pipeline = await PreprocessTasks.SuggestedAsync(Database, parent.Id);
        var (task, outputId) = await PreprocessTasks.CreateAsync(Database, ownerId, parent.Id, pipeline);

        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.Equal(WorkflowTaskStatus.Completed, done.Status);
        var output = await Database.GetDatasetAsync(outputId);
        Assert.NotNull(output.ArtifactId);
        using (var lineage = JsonDocument.Parse(output.Lineage!))
        {
            Assert.Equal(JsonValueKind.Object, lineage.RootElement.GetProperty("fitted").ValueKind);
        }
        Assert.Contains("island_Biscoe", output.Columns);
        Assert.DoesNotContain("island", output.Columns);
        var profileTask = await Database.WaitForFinishedAsync(output.ProfileTaskId!.Value, Timeout, fixture.Worker.Output);
        Assert.Equal(WorkflowTaskStatus.Completed, profileTask.Status);
        var profiled = await Database.GetDatasetAsync(outputId);
        Assert.Equal(DatasetStatus.Ready, profiled.Status);
        using var profile = JsonDocument.Parse(profiled.Profile!);
        var imputed = pipeline.Steps.Where(s => s.Op == "impute").SelectMany(s => s.Columns).ToList();
        Assert.NotEmpty(imputed);
        foreach (var column in profile.RootElement.GetProperty("columns").EnumerateArray().Where(c => imputed.Contains(c.GetProperty("name").GetString()!)))
        {
            Assert.Equal(0, column.GetProperty("missing").GetInt64());
        }
        await using var stream = await new PostgresArtifactStore(Database.DataSource).OpenReadAsync(output.ArtifactId!.Value, Cancel);
        var preview = await CsvPreview.ReadAsync(stream!, new CsvDialect(',', CsvDialect.Utf8), 5, Cancel);
        Assert.Equal(output.Columns, preview.Columns);
        var log = await Database.AssertLogContiguousAsync(task.Id);
        Assert.Contains(log, e => e.Message.StartsWith("impute `", StringComparison.Ordinal) && e.Message.Contains("filled)", StringComparison.Ordinal));
        Assert.Contains(log, e => e.Message.Contains("island_Biscoe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CancelledPreprocessLeavesNoOutputDatasetAndNoArtifact()
    {
        var ownerId = await Database.CreateUserAsync();
        // Large enough that the run outlasts the cancel's way to it (the job's token fires within 500 ms): 40 MB took
        // the faster CSV reader under 2 s and once completed first.
        var parent = await Database.CreateGeneratedDatasetAsync(ownerId, 120_000_000);
        var profiled = await PreprocessTasks.ProfileAsync(Database, ownerId, parent, fixture.Worker);
        var artifactsBefore = await PreprocessTasks.CountAsync(Database, "SELECT count(*) FROM artifacts");
        var (task, outputId) = await PreprocessTasks.CreateAsync(Database, ownerId, parent.Id, await PreprocessTasks.SuggestedAsync(Database, parent.Id, "flag"));
        await Database.WaitForAsync(task.Id, t => t.Progress >= 5, Timeout, fixture.Worker.Output);

        await using (var db = Database.NewContext())
        {
            // What POST /api/cancel does for a running task.
            var row = await db.Tasks.FindAsync([task.Id], Cancel);
            row!.CancelRequestedBy = "bob@example.com";
            await db.SaveChangesAsync(Cancel);
        }
        Assert.True(Database.Jobs.Delete((await Database.GetTaskAsync(task.Id)).JobId));
        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.Equal(WorkflowTaskStatus.Cancelled, done.Status);
        Assert.Null(done.OutputDatasetId);
        Assert.Equal(0, await PreprocessTasks.CountAsync(Database, $"SELECT count(*) FROM datasets WHERE id = '{outputId}'"));
        Assert.Equal(artifactsBefore, await PreprocessTasks.CountAsync(Database, "SELECT count(*) FROM artifacts"));
        Assert.Equal(TaskLogSteps.Status, (await Database.AssertLogContiguousAsync(task.Id))[^1].Step);
        await PreprocessTasks.AssertUnchangedAsync(Database, profiled);
    }

    [Fact]
    public async Task PreprocessOfAColumnThatBreaksAStepFailsWithTheColumnAndValue()
    {
        var ownerId = await Database.CreateUserAsync();
        var parent = await Database.CreateDatasetAsync(ownerId, "neg.csv",
            new MemoryStream("x,y\n1,a\n-5,b\n3,a\n4,b\n"u8.ToArray()), new CsvDialect(',', CsvDialect.Utf8), 4, ["x", "y"]);
        await PreprocessTasks.ProfileAsync(Database, ownerId, parent, fixture.Worker);
        var pipeline = await PreprocessTasks.SuggestedAsync(Database, parent.Id, "y");
        var spec = new PipelineStepSpec("log", "log_transform", ["x"], JsonSerializer.SerializeToElement(new { function = "log1p" }), null, null, true);
        var (task, outputId) = await PreprocessTasks.CreateAsync(Database, ownerId, parent.Id, pipeline with { Steps = [spec] });

        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.Equal(WorkflowTaskStatus.Failed, done.Status);
        Assert.Contains("'x'", done.Error!.Replace('`', '\''), StringComparison.Ordinal);
        Assert.Contains("-5", done.Error, StringComparison.Ordinal);
        var output = await Database.GetDatasetAsync(outputId);
        Assert.Equal(DatasetStatus.Failed, output.Status);
        Assert.Null(output.ArtifactId);
    }
}
