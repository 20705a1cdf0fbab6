using System.Text;
using System.Text.Json.Nodes;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Engine.Preprocessing;
using MlWorkflow.Tests.Engine.Profiling;
using MlWorkflow.Tests.Engine.Training;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Api;

/// <summary>
/// <c>POST /api/deployments/{id}/predict</c> answers what the deployed package itself predicts for the same rows: real
/// packages trained on every sample, an ensemble, a model with a preprocessing pipeline, and a batch of 1,000 rows in order.
/// </summary>
[Collection(nameof(ApiCollection))]
[Slow]
public sealed class PredictApiTests(MlWorkflowApiFactory factory)
{
    [Theory]
    [InlineData("titanic.csv", "survived", TargetTasks.Binary)]
    [InlineData("penguins.csv", "species", TargetTasks.Multiclass)]
    [InlineData("iris.csv", "target", TargetTasks.Multiclass)]
    [InlineData("diabetes.csv", "target", TargetTasks.Regression)]
    [InlineData("cars.csv", "Miles_per_Gallon", TargetTasks.Regression)]
    public async Task PredictionsEqualThePackagesOwnForEverySample(string file, string target, string task)
    {
        var trained = await ServedModels.TrainAsync(file, target, task, maxTrials: 2);
        var (client, model, deploymentId) = await ServedModels.DeployNewAsync(factory, trained);
        var rows = Enumerable.Range(0, 40).ToList();

        var single = await ServedModels.PredictOkAsync(client, deploymentId, [trained.JsonRow(0)]);
        var batch = await ServedModels.PredictOkAsync(client, deploymentId, rows.Select(trained.JsonRow));

        Assert.Equal((deploymentId, model.Id, 1), (batch.GetProperty("deploymentId").GetGuid(), batch.GetProperty("modelId").GetGuid(),
            batch.GetProperty("modelVersion").GetInt32()));
        ServedModels.AssertSamePredictions(trained.Package.PredictBatch([trained.Rows[0]]), single);
        ServedModels.AssertSamePredictions(trained.Package.PredictBatch([.. rows.Select(r => trained.Rows[r])]), batch);
    }

    [Fact]
    public async Task AnEnsembleAnswersItsWeightedMembers()
    {
        // Cheapest trainers first: the first five trials (two linear, three trees) give a weighted ensemble on penguins.
        var trained = await ServedModels.TrainAsync("penguins.csv", "species", TargetTasks.Multiclass, maxTrials: 5);
        Assert.True(trained.Package.Manifest.Members.Count(m => m.Weight > 0) > 1, "the search should have made an ensemble");
        var (client, _, deploymentId) = await ServedModels.DeployNewAsync(factory, trained);
        var rows = Enumerable.Range(0, trained.Rows.Count).Where(r => r % 3 == 0).ToList();

        var response = await ServedModels.PredictOkAsync(client, deploymentId, rows.Select(trained.JsonRow));

        ServedModels.AssertSamePredictions(trained.Package.PredictBatch([.. rows.Select(r => trained.Rows[r])]), response);
    }

    [Fact]
    public async Task AThousandRowsComeBackInOrder()
    {
        var trained = await ServedModels.TrainAsync("titanic.csv", "survived", TargetTasks.Binary, maxTrials: 2);
        var (client, _, deploymentId) = await ServedModels.DeployNewAsync(factory, trained);
        // Reversed, so an answer in the sample's order would not pass.
        var rows = Enumerable.Range(0, 1_000).Reverse().ToList();

        var response = await ServedModels.PredictOkAsync(client, deploymentId, rows.Select(trained.JsonRow));

        ServedModels.AssertSamePredictions(trained.Package.PredictBatch([.. rows.Select(r => trained.Rows[r])]), response);
        var rowByRow = rows.Take(20).Select(r => trained.Package.Predict(trained.Rows[r])).ToList();
        Assert.Equal(rowByRow.Select(p => p.Label), response.GetProperty("predictions").EnumerateArray().Take(20).Select(p => p.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task TheDeploymentShowsATypicalTrainingRowThatPredicts()
    {
        var trained = await ServedModels.TrainAsync("titanic.csv", "survived", TargetTasks.Binary, maxTrials: 2);
        var (client, _, deploymentId) = await ServedModels.DeployNewAsync(factory, trained);

        var sample = (await Uploads.GetJsonAsync(client, $"/api/deployments/{deploymentId}")).GetProperty("sampleRow");
        var row = System.Text.Json.Nodes.JsonNode.Parse(sample.GetRawText())!.AsObject();

        Assert.Equal(("male", "3rd"), (sample.GetProperty("sex").GetString(), sample.GetProperty("passengerClass").GetString()));
        Assert.InRange(sample.GetProperty("age").GetDouble(), 25, 32);
        var response = await ServedModels.PredictOkAsync(client, deploymentId, [row]);
        ServedModels.AssertSamePredictions([trained.Package.Predict(new Dictionary<string, string?>
        {
            ["sex"] = "male", ["passengerClass"] = "3rd", ["age"] = sample.GetProperty("age").GetRawText(),
        })], response);
    }

    /// <summary>A model trained on a preprocessed dataset takes raw cells: its pipeline runs inside, and a value a step cannot take is refused by row and column.</summary>
    [Fact]
    public async Task APipelineModelTakesRawCellsAndRefusesWhatAStepCannotTake()
    {
        var bytes = await File.ReadAllBytesAsync(TrainingTestKit.SamplePath("penguins.csv"), TestContext.Current.CancellationToken);
        var run = await PreprocessTestKit.RunAsync(bytes, "species", """
            [{"op":"impute","columns":["bill_length_mm","sex"],"params":{"strategy":"most_frequent"}},
             {"op":"one_hot","columns":["island","sex"]},
             {"op":"log_transform","columns":["body_mass_g"]}]
            """);
        var output = Encoding.UTF8.GetBytes(string.Join(',', run.Header) + "\n" + string.Concat(run.Rows.Select(r => string.Join(',', r) + "\n")));
        var table = await TrainingTestKit.LoadAsync(output, "species", TargetTasks.Multiclass);
        var request = TrainingTestKit.Request(table, [MlNetTrainers.LbfgsMaximumEntropy], maxTrials: 1);
        var (result, _) = await TrainingTestKit.SearchAsync(table, request);
        var columns = (await ProfileTestKit.ProfileAsync(bytes)).Columns.Select(c => new TableColumn(c.Name, c.Type)).ToList();
        var package = ModelPackage.Create(result, table, request, [run.Result.Fitted], PipelineColumns.InputSchema([run.Result.Fitted], table, columns), DateTimeOffset.UtcNow);
        var trained = ServedModels.Loaded("penguins.csv", package, bytes);
        var (client, _, deploymentId) = await ServedModels.DeployNewAsync(factory, trained);
        var rows = Enumerable.Range(0, 30).ToList();

        var response = await ServedModels.PredictOkAsync(client, deploymentId, rows.Select(trained.JsonRow));
        var negative = trained.JsonRow(1);
        negative["body_mass_g"] = -5;
        using var refused = await ServedModels.PredictAsync(client, deploymentId, [trained.JsonRow(0), negative]);

        ServedModels.AssertSamePredictions(trained.Package.PredictBatch([.. rows.Select(r => trained.Rows[r])]), response);
        Assert.Contains("island", trained.InputSchema.Select(c => c.Name));
        var problem = await ProblemAssert.IsAsync(refused, System.Net.HttpStatusCode.BadRequest, "invalid_rows");
        Assert.Contains("log1p", problem.GetProperty("errors").GetProperty("rows[1].body_mass_g")[0].GetString(), StringComparison.Ordinal);
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
    }

    [Fact]
    public async Task UnseenCategoriesAndMissingValuesPredictAsTheEngineReadsThem()
    {
        var trained = await ServedModels.TrainAsync("titanic.csv", "survived", TargetTasks.Binary, maxTrials: 2);
        var (client, _, deploymentId) = await ServedModels.DeployNewAsync(factory, trained);
        var rows = new JsonObject[]
        {
            new() { ["sex"] = "female", ["age"] = 30, ["passengerClass"] = "4th" },
            new() { ["sex"] = null, ["passengerClass"] = "1st", ["unused"] = new JsonArray(1, 2) },
            new() { ["age"] = 8.5 },
        };

        var response = await ServedModels.PredictOkAsync(client, deploymentId, rows);

        ServedModels.AssertSamePredictions(trained.Package.PredictBatch(
        [
            new Dictionary<string, string?> { ["sex"] = "female", ["age"] = "30", ["passengerClass"] = "4th" },
            new Dictionary<string, string?> { ["passengerClass"] = "1st" },
            new Dictionary<string, string?> { ["age"] = "8.5" },
        ]), response);
    }
}
