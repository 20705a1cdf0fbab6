using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hangfire;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Engine.Training;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Worker;

/// <summary>The train task on the real worker: a registered model with its package, live leaderboard, steps inside the model, stop, cancel.</summary>
[Slow]
[Collection(WorkerProcessCollection.Name)]
public sealed class TrainTaskTests(ProfileWorkerFixture fixture) : IClassFixture<ProfileWorkerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private TaskDatabase Database => fixture.Database;

    [Fact]
    public async Task TrainingTitanicRegistersAModelWhosePackagePredicts()
    {
        var ownerId = await Database.CreateUserAsync();
        var dataset = await Database.CreateSampleDatasetAsync(ownerId, "titanic.csv");
        await PreprocessTasks.ProfileAsync(Database, ownerId, dataset, fixture.Worker);
        var task = await CreateAsync(ownerId, dataset.Id, "survived", "binary", "auc", maxTrials: 3);

        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.True(WorkflowTaskStatus.Completed == done.Status, done.Error + fixture.Worker.Output);
        using var result = JsonDocument.Parse(done.Result!);
        var modelId = result.RootElement.GetProperty("modelId").GetGuid();
        Assert.Equal(3, result.RootElement.GetProperty("leaderboard").GetArrayLength());
        // Each trial says when in the search it ended (the live page charts the best score by it): later trials, later.
        var ended = result.RootElement.GetProperty("leaderboard").EnumerateArray()
            .OrderBy(e => e.GetProperty("trial").GetInt32()).Select(e => e.GetProperty("endedAtSeconds").GetDouble()).ToList();
        Assert.True(ended[0] > 0 && ended.SequenceEqual(ended.Order()), $"ended at {string.Join(", ", ended)} s");
        await using var db = Database.NewContext();
        var model = await db.Models.FindAsync([modelId], Cancel);
        Assert.NotNull(model);
        Assert.Equal((ownerId, "titanic-survived", 1, dataset.Id, dataset.Sha256, task.Id), (model.OwnerId, model.Name, model.Version, model.DatasetId, model.DatasetSha256, model.TrainTaskId));
        Assert.Contains("\"sex\"", model.InputSchema, StringComparison.Ordinal);
        Assert.Contains("auc", model.Metrics, StringComparison.Ordinal);

        await using var stream = await new PostgresArtifactStore(Database.DataSource).OpenReadAsync(model.ArtifactId, Cancel);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy, Cancel);
        Assert.Equal(model.SizeBytes, copy.Length);
        copy.Position = 0;
        var package = ModelPackage.Load(copy);
        var prediction = package.Predict(new Dictionary<string, string?> { ["sex"] = "female", ["age"] = "30", ["passengerClass"] = "1st" });
        Assert.Equal(["no", "yes"], prediction.Probabilities!.Keys.Order());
        Assert.True(prediction.Probabilities["yes"] > 0.5, $"a 30-year-old woman in first class: p(survived) {prediction.Probabilities["yes"]}");

        var log = await Database.AssertLogContiguousAsync(task.Id);
        Assert.Equal(3, log.Count(e => e.Step == TaskLogSteps.Trial));
        Assert.Contains(log, e => e.Step == "refit");
    }

    [Fact]
    public async Task StepsFitInsideTheModelSoRawRowsPredict()
    {
        var ownerId = await Database.CreateUserAsync();
        var dataset = await Database.CreateSampleDatasetAsync(ownerId, "penguins.csv");
        await PreprocessTasks.ProfileAsync(Database, ownerId, dataset, fixture.Worker);
        var pipeline = await PreprocessTasks.SuggestedAsync(Database, dataset.Id, "species");
        var task = await CreateAsync(ownerId, dataset.Id, "species", "multiclass", "macroF1", maxTrials: 2,
            steps: JsonSerializer.SerializeToElement(pipeline.Steps, EngineJson.Options), algorithms: [MlNetTrainers.LightGbm, MlNetTrainers.LbfgsMaximumEntropy]);

        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.True(WorkflowTaskStatus.Completed == done.Status, done.Error + fixture.Worker.Output);
        await using var db = Database.NewContext();
        var model = db.Models.Single(m => m.TrainTaskId == task.Id);
        Assert.Contains("\"island\"", model.InputSchema, StringComparison.Ordinal);
        // models.steps holds the steps as they were sent ([PipelineStepSpec], what the Api reads), params included.
        var listed = JsonSerializer.Deserialize<List<PipelineStepSpec>>(model.Steps, EngineJson.Options)!;
        var sent = pipeline.Steps.Where(s => s.Enabled).ToList();
        Assert.Equal(sent.Select(s => (s.Id, s.Op, string.Join(",", s.Columns))), listed.Select(s => (s.Id, s.Op, string.Join(",", s.Columns))));
        Assert.All(sent.Zip(listed), pair => Assert.True(JsonElement.DeepEquals(pair.First.Params, pair.Second.Params), $"{pair.First.Id}: {pair.Second.Params}"));
        Assert.Contains(listed, s => s.Op == "one_hot");
        Assert.Contains("\"island\"", model.FeatureImportance, StringComparison.Ordinal);
        Assert.DoesNotContain("island_Biscoe", model.FeatureImportance, StringComparison.Ordinal);
        await using var stream = await new PostgresArtifactStore(Database.DataSource).OpenReadAsync(model.ArtifactId, Cancel);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy, Cancel);
        copy.Position = 0;
        var package = ModelPackage.Load(copy);
        Assert.Single(package.Manifest.Pipelines);
        var gentoo = package.Predict(new Dictionary<string, string?>
        {
            ["island"] = "Biscoe", ["bill_length_mm"] = "47.5", ["bill_depth_mm"] = "15", ["flipper_length_mm"] = "218", ["body_mass_g"] = "4950", ["sex"] = "MALE", ["year"] = "2008",
        });
        Assert.Equal("Gentoo", gentoo.Label);
    }

    /// <summary>cars' Name through text_features: the model reads its n-grams (the maker tells the origin), and so does its package.</summary>
    [Fact]
    public async Task TextFeaturesMakeTheNameAFeatureOfTheModel()
    {
        var ownerId = await Database.CreateUserAsync();
        var dataset = await Database.CreateSampleDatasetAsync(ownerId, "cars.csv");
        await PreprocessTasks.ProfileAsync(Database, ownerId, dataset, fixture.Worker);
        PipelineStepSpec[] steps =
        [
            new("text", PipelineOps.TextFeatures, ["Name"], JsonSerializer.SerializeToElement(new { word_ngrams = 1, char_ngrams = 3 }), null, null, true),
        ];
        var task = await CreateAsync(ownerId, dataset.Id, "Origin", "multiclass", "macroF1", maxTrials: 1,
            steps: JsonSerializer.SerializeToElement(steps, EngineJson.Options), algorithms: [MlNetTrainers.LbfgsMaximumEntropy]);

        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.True(WorkflowTaskStatus.Completed == done.Status, done.Error + fixture.Worker.Output);
        await using var db = Database.NewContext();
        var model = db.Models.Single(m => m.TrainTaskId == task.Id);
        var importance = JsonSerializer.Deserialize<List<FeatureImportance>>(model.FeatureImportance, EngineJson.Options)!;
        Assert.True(Assert.Single(importance, f => f.Feature == "Name").Importance > 0, model.FeatureImportance);
        await using var stream = await new PostgresArtifactStore(Database.DataSource).OpenReadAsync(model.ArtifactId, Cancel);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy, Cancel);
        copy.Position = 0;
        var package = ModelPackage.Load(copy);
        var name = Assert.Single(package.Manifest.Features, f => f.Name == "Name");
        Assert.Equal(FeatureSpec.TextKind, name.Kind);
        Assert.Contains("toyota", name.Text!.Words);
        var toyota = package.Predict(new Dictionary<string, string?>
        {
            ["Name"] = "toyota corolla", ["Cylinders"] = "4", ["Displacement"] = "108", ["Horsepower"] = "75", ["Weight_in_lbs"] = "2265",
            ["Acceleration"] = "15.2", ["Year"] = "1980-01-01", ["Miles_per_Gallon"] = "32",
        });
        Assert.Equal("Japan", toyota.Label);
    }

    /// <summary>The model row keeps what each of its steps fitted, beside the steps, computed on the rows it trained on.</summary>
    [Fact]
    public async Task TheModelKeepsWhatEachOfItsStepsFitted()
    {
        var ownerId = await Database.CreateUserAsync();
        var dataset = await Database.CreateSampleDatasetAsync(ownerId, "titanic.csv");
        await PreprocessTasks.ProfileAsync(Database, ownerId, dataset, fixture.Worker);
        var none = JsonSerializer.SerializeToElement(new { });
        PipelineStepSpec[] steps =
        [
            new("dedupe", PipelineOps.DropDuplicates, [], none, null, null, true),
            new("drop-name", PipelineOps.DropColumns, ["name"], none, null, null, true),
            new("fill-age", PipelineOps.Impute, ["age"], JsonSerializer.SerializeToElement(new { strategy = "median" }), null, null, true),
            new("encode-sex", PipelineOps.OneHot, ["sex"], none, null, null, true),
        ];
        var task = await CreateAsync(ownerId, dataset.Id, "survived", "binary", "auc", maxTrials: 1,
            steps: JsonSerializer.SerializeToElement(steps, EngineJson.Options), algorithms: [MlNetTrainers.LightGbm]);

        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.True(WorkflowTaskStatus.Completed == done.Status, done.Error + fixture.Worker.Output);
        await using var db = Database.NewContext();
        var model = db.Models.Single(m => m.TrainTaskId == task.Id);
        var fitted = JsonSerializer.Deserialize<List<FittedStep>>(model.FittedSteps, EngineJson.Options)!;
        Assert.Equal(steps.Select(s => (s.Id, s.Op)), fitted.Select(s => (s.Id, s.Op)));
        // The median and the categories of the raw file, worked out here rather than by the Engine.
        var rows = File.ReadAllLines(TrainingTestKit.SamplePath("titanic.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        var ages = rows.Select(r => r[3]).Where(a => a.Length > 0).Select(a => double.Parse(a, CultureInfo.InvariantCulture)).Order().ToList();
        var median = ages.Count % 2 == 1 ? ages[ages.Count / 2] : (ages[ages.Count / 2 - 1] + ages[ages.Count / 2]) / 2;
        var age = Assert.Single(fitted[2].Columns);
        Assert.Equal(("age", "median", median), (age.Name, age.Strategy, age.FillNumber));
        var sex = Assert.Single(fitted[3].Columns);
        Assert.Equal(rows.Select(r => r[2]).Distinct().Order(StringComparer.Ordinal), sex.Categories!);
        Assert.Equal(0, fitted[0].RowsRemoved);
        Assert.Equal("name", Assert.Single(fitted[1].Columns).Name);
    }

    /// <summary>Runs the pipeline on the dataset through the worker and waits for its output's profile; the output's id.</summary>
    private async Task<Guid> PreprocessedAndProfiledAsync(Guid ownerId, Guid datasetId, PipelineDefinition pipeline)
    {
        var (preprocess, outputId) = await PreprocessTasks.CreateAsync(Database, ownerId, datasetId, pipeline);
        var written = await Database.WaitForFinishedAsync(preprocess.Id, Timeout, fixture.Worker.Output);
        Assert.True(WorkflowTaskStatus.Completed == written.Status, written.Error + fixture.Worker.Output);
        var profiled = await Database.WaitForFinishedAsync((await Database.GetDatasetAsync(outputId)).ProfileTaskId!.Value, Timeout, fixture.Worker.Output);
        Assert.Equal(WorkflowTaskStatus.Completed, profiled.Status);
        return outputId;
    }

    /// <summary>A model trained on a pipeline's output applies that pipeline too; the registry lists its steps as they were run.</summary>
    [Fact]
    public async Task TrainingAPipelinesOutputListsThatPipelinesSteps()
    {
        var ownerId = await Database.CreateUserAsync();
        var parent = await Database.CreateSampleDatasetAsync(ownerId, "penguins.csv");
        await PreprocessTasks.ProfileAsync(Database, ownerId, parent, fixture.Worker);
        var pipeline = await PreprocessTasks.SuggestedAsync(Database, parent.Id, "species");
        var outputId = await PreprocessedAndProfiledAsync(ownerId, parent.Id, pipeline);
        var task = await CreateAsync(ownerId, outputId, "species", "multiclass", "macroF1", maxTrials: 1, algorithms: [MlNetTrainers.LightGbm]);

        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.True(WorkflowTaskStatus.Completed == done.Status, done.Error + fixture.Worker.Output);
        await using var db = Database.NewContext();
        var model = db.Models.Single(m => m.TrainTaskId == task.Id);
        var listed = JsonSerializer.Deserialize<List<PipelineStepSpec>>(model.Steps, EngineJson.Options)!;
        var ran = pipeline.Steps.Where(s => s.Enabled).ToList();
        Assert.Equal(ran.Select(s => (s.Id, s.Op)), listed.Select(s => (s.Id, s.Op)));
        // What the ancestor pipeline fitted comes with the model, step by step as listed.
        var fitted = JsonSerializer.Deserialize<List<FittedStep>>(model.FittedSteps, EngineJson.Options)!;
        Assert.Equal(listed.Select(s => (s.Id, s.Op)), fitted.Select(s => (s.Id, s.Op)));
        Assert.Contains(fitted, s => s.Op == PipelineOps.OneHot && s.Columns.Any(c => c.Name == "island" && c.Categories!.SequenceEqual(["Biscoe", "Dream", "Torgersen"])));
        Assert.All(ran.Zip(listed), pair => Assert.True(JsonElement.DeepEquals(pair.First.Params, pair.Second.Params), $"{pair.First.Id}: {pair.Second.Params}"));
    }

    /// <summary>
    /// cars' Name through a text_features pipeline stays text in its output, which training reads as n-grams: the plan the
    /// memory check logs counts them, as many features as the model gets inputs.
    /// </summary>
    [Fact]
    public async Task TrainingATextFeaturesPipelinesOutputPlansItsNgrams()
    {
        var ownerId = await Database.CreateUserAsync();
        var parent = await Database.CreateSampleDatasetAsync(ownerId, "cars.csv");
        await PreprocessTasks.ProfileAsync(Database, ownerId, parent, fixture.Worker);
        var pipeline = await PreprocessTasks.PipelineAsync(Database, parent.Id, "Miles_per_Gallon", """[{"id":"text","op":"text_features","columns":["Name"]}]""");
        var outputId = await PreprocessedAndProfiledAsync(ownerId, parent.Id, pipeline);
        var task = await CreateAsync(ownerId, outputId, "Miles_per_Gallon", "regression", "rmse", maxTrials: 1, algorithms: [MlNetTrainers.LightGbm]);

        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.True(WorkflowTaskStatus.Completed == done.Status, done.Error + fixture.Worker.Output);
        var log = await Database.ReadLogAsync(task.Id);
        var plan = Regex.Match(Assert.Single(log, e => e.Message.StartsWith("Plan: ", StringComparison.Ordinal)).Message, @"× (\d+) features");
        var load = Regex.Match(Assert.Single(log, e => e.Message.StartsWith("Training on ", StringComparison.Ordinal)).Message, @"→ (\d+) model inputs");
        Assert.True(plan.Success && load.Success, string.Join('\n', log.Select(e => e.Message)));
        Assert.Equal(load.Groups[1].Value, plan.Groups[1].Value);
        Assert.True(int.Parse(plan.Groups[1].Value, CultureInfo.InvariantCulture) > TrainingTable.MaxTextTerms, plan.Value);
    }

    /// <summary>A dataset whose maker's fitted pipeline cannot be read (damaged, another version's) fails its training with what to do, and no model.</summary>
    [Fact]
    public async Task TrainingADatasetWhosePipelineLineageCannotBeReadFailsWithTheFix()
    {
        var ownerId = await Database.CreateUserAsync();
        var parent = await Database.CreateSampleDatasetAsync(ownerId, "penguins.csv");
        await PreprocessTasks.ProfileAsync(Database, ownerId, parent, fixture.Worker);
        var outputId = await PreprocessedAndProfiledAsync(ownerId, parent.Id, await PreprocessTasks.SuggestedAsync(Database, parent.Id, "species"));
        await using (var command = Database.DataSource.CreateCommand("""UPDATE datasets SET lineage = jsonb_set(lineage, '{fitted,steps}', '"damaged"') WHERE id = $1"""))
        {
            command.Parameters.AddWithValue(outputId);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Cancel));
        }
        var task = await CreateAsync(ownerId, outputId, "species", "multiclass", "macroF1", maxTrials: 1, algorithms: [MlNetTrainers.LightGbm]);

        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.Equal(WorkflowTaskStatus.Failed, done.Status);
        Assert.Contains("was made by a pipeline whose fitted state cannot be read", done.Error, StringComparison.Ordinal);
        Assert.Contains("Run the pipeline again", done.Error, StringComparison.Ordinal);
        await using var db = Database.NewContext();
        Assert.False(db.Models.Any(m => m.TrainTaskId == task.Id));
    }

    [Fact]
    public async Task StopEndsTheSearchAndKeepsTheBest()
    {
        var ownerId = await Database.CreateUserAsync();
        var dataset = await Database.CreateSampleDatasetAsync(ownerId, "iris.csv");
        await PreprocessTasks.ProfileAsync(Database, ownerId, dataset, fixture.Worker);
        var task = await CreateAsync(ownerId, dataset.Id, "target", "multiclass", "macroF1", maxTrials: null, budget: 600);
        await Database.WaitForAsync(task.Id, t => t.Result is { } r && JsonDocument.Parse(r).RootElement.GetProperty("leaderboard").GetArrayLength() >= 2, Timeout, fixture.Worker.Output);

        await using (var command = Database.DataSource.CreateCommand("UPDATE tasks SET stop_requested_at = now() WHERE id = @id"))
        {
            command.Parameters.AddWithValue("id", task.Id);
            await command.ExecuteNonQueryAsync(Cancel);
        }
        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.True(WorkflowTaskStatus.Completed == done.Status, done.Error + fixture.Worker.Output);
        using var result = JsonDocument.Parse(done.Result!);
        Assert.Equal("stop", result.RootElement.GetProperty("stoppedBy").GetString());
        await using var db = Database.NewContext();
        Assert.Single(db.Models.Where(m => m.TrainTaskId == task.Id));
    }

    [Fact]
    public async Task CancelRegistersNothing()
    {
        var ownerId = await Database.CreateUserAsync();
        var dataset = await Database.CreateSampleDatasetAsync(ownerId, "iris.csv");
        await PreprocessTasks.ProfileAsync(Database, ownerId, dataset, fixture.Worker);
        var task = await CreateAsync(ownerId, dataset.Id, "target", "multiclass", "macroF1", maxTrials: null, budget: 600);
        await Database.WaitForAsync(task.Id, t => t.Result is not null, Timeout, fixture.Worker.Output);

        await using (var db = Database.NewContext())
        {
            var row = await db.Tasks.FindAsync([task.Id], Cancel);
            // What POST /api/cancel does: record who asked, then delete the job so its token fires.
            row!.CancelRequestedBy = "alice@example.com";
            await db.SaveChangesAsync(Cancel);
        }
        Assert.True(Database.Jobs.Delete((await Database.GetTaskAsync(task.Id)).JobId));
        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.Equal(WorkflowTaskStatus.Cancelled, done.Status);
        await using var check = Database.NewContext();
        Assert.Empty(check.Models.Where(m => m.TrainTaskId == task.Id));
        Assert.Equal(0, await PreprocessTasks.CountAsync(Database, $"SELECT count(*) FROM artifacts WHERE kind = 'model' AND id NOT IN (SELECT artifact_id FROM models)"));
    }

    [Fact]
    public async Task BatchScoringWritesPredictionsProbabilitiesAndEvaluation()
    {
        var ownerId = await Database.CreateUserAsync();
        var dataset = await Database.CreateSampleDatasetAsync(ownerId, "titanic.csv");
        await PreprocessTasks.ProfileAsync(Database, ownerId, dataset, fixture.Worker);
        var train = await CreateAsync(ownerId, dataset.Id, "survived", "binary", "auc", maxTrials: 2, algorithms: [MlNetTrainers.LightGbm]);
        var trained = await Database.WaitForFinishedAsync(train.Id, Timeout, fixture.Worker.Output);
        Assert.True(WorkflowTaskStatus.Completed == trained.Status, trained.Error + fixture.Worker.Output);
        var modelId = JsonDocument.Parse(trained.Result!).RootElement.GetProperty("modelId").GetGuid();

        var (task, outputId) = await PreprocessTasks.CreateOutputTaskAsync(Database, ownerId, dataset.Id, WorkflowTaskKind.BatchPredict,
            new BatchPredictTaskParameters(modelId, dataset.Id).ToJson());
        var done = await Database.WaitForFinishedAsync(task.Id, Timeout, fixture.Worker.Output);

        Assert.True(WorkflowTaskStatus.Completed == done.Status, done.Error + fixture.Worker.Output);
        var output = await Database.GetDatasetAsync(outputId);
        Assert.Equal([.. dataset.Columns, "prediction", "probability_no", "probability_yes"], output.Columns);
        Assert.Equal(dataset.RowCount, output.RowCount);
        using var result = JsonDocument.Parse(done.Result!);
        var auc = result.RootElement.GetProperty("evaluation").GetProperty("auc").GetDouble();
        Assert.True(auc > 0.8, $"auc on its own training rows {auc}");
        Assert.Equal(dataset.RowCount, result.RootElement.GetProperty("evaluatedRows").GetInt64());
        await using var stream = await new PostgresArtifactStore(Database.DataSource).OpenReadAsync(output.ArtifactId!.Value, Cancel);
        var preview = await CsvPreview.ReadAsync(stream!, new CsvDialect(',', CsvDialect.Utf8), 3, Cancel);
        var probability = double.Parse(preview.Rows[0][^1]!, CultureInfo.InvariantCulture) + double.Parse(preview.Rows[0][^2]!, CultureInfo.InvariantCulture);
        Assert.Equal(1.0, probability, 4);
        Assert.Contains(preview.Rows[0][^3], new[] { "no", "yes" });
        var profiled = await Database.WaitForFinishedAsync(output.ProfileTaskId!.Value, Timeout, fixture.Worker.Output);
        Assert.Equal(WorkflowTaskStatus.Completed, profiled.Status);
    }

    private async Task<WorkflowTask> CreateAsync(Guid ownerId, Guid datasetId, string target, string task, string metric, int? maxTrials,
        double budget = 120, JsonElement? steps = null, IReadOnlyList<string>? algorithms = null)
    {
        var dataset = await Database.GetDatasetAsync(datasetId);
        var parameters = new TrainTaskParameters(datasetId, $"{dataset.Name}-{target}", target, task, metric, algorithms ?? TrainerSpec.For(task), budget, maxTrials, 0, true,
            steps ?? JsonSerializer.SerializeToElement(Array.Empty<object>()));
        return await Database.CreateTaskAsync(ownerId, datasetId, WorkflowTaskKind.Train, parameters.ToJson());
    }
}
