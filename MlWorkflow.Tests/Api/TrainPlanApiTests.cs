using System.Net;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Tests.Api;

/// <summary><c>GET /api/train/plan</c>: the Engine's plan for a profiled dataset, with the checks of <c>POST /api/train</c>.</summary>
[Collection(nameof(ApiCollection))]
public sealed class TrainPlanApiTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlanReturnsRowsFeaturesValidationAndEachRecommendedTrainer()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var recommended = await Uploads.GetJsonAsync(client, $"/api/suggest/models?datasetId={id}&target=species");

        var plan = await Uploads.GetJsonAsync(client, $"/api/train/plan?datasetId={id}&target=species");

        Assert.Equal(344, plan.GetProperty("rows").GetInt64());
        Assert.True(plan.GetProperty("features").GetInt32() >= 5);
        var validation = plan.GetProperty("validation");
        Assert.Equal(("cv", 5), (validation.GetProperty("method").GetString(), validation.GetProperty("folds").GetInt32()));
        Assert.Equal(recommended.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("algorithm").GetString()),
            plan.GetProperty("algorithms").EnumerateArray().Select(a => a.GetProperty("algorithm").GetString()));
        Assert.All(plan.GetProperty("algorithms").EnumerateArray(), a =>
        {
            Assert.True(a.GetProperty("expectedTrialSeconds").GetDouble() > 0);
            Assert.True(a.GetProperty("expectedPeakMemoryMb").GetDouble() >= TrainingPlanner.BaseMemoryMb);
        });
        Assert.True(plan.GetProperty("expectedPeakMemoryMb").GetDouble() >= TrainingPlanner.BaseMemoryMb);
        Assert.Equal(0, plan.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task PlanForChosenTrainersAndASmallBudgetWarns()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");

        var plan = await Uploads.GetJsonAsync(client,
            $"/api/train/plan?datasetId={id}&target=species&algorithms=LightGbm,LbfgsMaximumEntropy&algorithms=FastForest&timeBudgetSeconds=5");

        Assert.Equal(["LightGbm", "LbfgsMaximumEntropy", "FastForest"], plan.GetProperty("algorithms").EnumerateArray().Select(a => a.GetProperty("algorithm").GetString()));
        // A forest of one-versus-all trees on 3 classes, five folds: under a second a trial, and 5 s less the first
        // search's cold start leaves room for a few.
        Assert.Contains(plan.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("3 classes and 344 rows: FastForest trials ~", StringComparison.Ordinal)
            && w.GetString()!.Contains(", 5 s allows ~", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("target=nope", "target")]
    [InlineData("target=species&task=regression", "task")]
    [InlineData("target=species&algorithms=XgBoost", "algorithms[0]")]
    [InlineData("target=species&algorithms=Sdca", "algorithms[0]")]
    [InlineData("target=species&timeBudgetSeconds=3", "timeBudgetSeconds")]
    [InlineData("target=species&timeBudgetSeconds=100000", "timeBudgetSeconds")]
    [InlineData("", "target")]
    public async Task PlanRefusesWhatTrainingRefuses(string query, string key)
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");

        var response = await client.GetAsync($"/api/train/plan?datasetId={id}&{query}", Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid_training");
        Assert.True(problem.GetProperty("errors").TryGetProperty(key, out _), problem.GetRawText());
    }

    [Fact]
    public async Task PlanNeedsAnOwnedProfiledDataset()
    {
        var client = await factory.GetSharedUserClientAsync();
        var other = await factory.CreateUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");
        var (unprofiled, _) = await Uploads.UploadForTaskAsync(client);

        await ProblemAssert.IsAsync(await client.GetAsync("/api/train/plan?target=target", Cancel), HttpStatusCode.BadRequest, "dataset_id_required");
        await ProblemAssert.IsAsync(await client.GetAsync("/api/train/plan?datasetId=12&target=target", Cancel), HttpStatusCode.BadRequest, "dataset_id_invalid");
        await ProblemAssert.IsAsync(await other.GetAsync($"/api/train/plan?datasetId={id}&target=target", Cancel), HttpStatusCode.NotFound, "dataset_not_found");
        await ProblemAssert.IsAsync(await client.GetAsync($"/api/train/plan?datasetId={unprofiled.GetProperty("id").GetGuid()}&target=y", Cancel),
            HttpStatusCode.Conflict, "profile_not_ready");
    }
}
