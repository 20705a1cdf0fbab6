using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Api;

/// <summary>A model switch is atomic for callers: under steady traffic no request fails and every answer is wholly one model's.</summary>
[Collection(nameof(ApiCollection))]
[Slow]
public sealed class DeploymentSwitchTests(MlWorkflowApiFactory factory)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequestsDuringTwentySwitchesAllSucceedWithOneOfTheTwoModels()
    {
        var linear = await ServedModels.TrainAsync("titanic.csv", "survived", TargetTasks.Binary, maxTrials: 1, MlNetTrainers.LbfgsLogisticRegression);
        var trees = await ServedModels.TrainAsync("titanic.csv", "survived", TargetTasks.Binary, maxTrials: 1, MlNetTrainers.FastTree);
        var client = await factory.CreateUserClientAsync();
        var owner = await StoredModels.UserIdAsync(client);
        var a = await ServedModels.InsertAsync(factory.ConnectionString, owner, linear, "survival");
        var b = await ServedModels.InsertAsync(factory.ConnectionString, owner, trees, "survival");
        var deploymentId = await ServedModels.DeployAsync(client, a.Id);
        var rows = Enumerable.Range(0, 5).ToList();
        var expected = new Dictionary<Guid, (int Version, IReadOnlyList<ModelPrediction> Predictions)>
        {
            [a.Id] = (1, linear.Package.PredictBatch([.. rows.Select(r => linear.Rows[r])])),
            [b.Id] = (2, trees.Package.PredictBatch([.. rows.Select(r => trees.Rows[r])])),
        };
        Assert.NotEqual(expected[a.Id].Predictions.Select(p => p.Probabilities!["yes"]), expected[b.Id].Predictions.Select(p => p.Probabilities!["yes"]));

        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var answers = new List<(HttpStatusCode Status, string Body)>();
            while (!stop.IsCancellationRequested)
            {
                using var response = await ServedModels.PredictAsync(client, deploymentId, rows.Select(linear.JsonRow));
                answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(Cancel)));
            }
            return answers;
        })).ToList();
        var afterSwitch = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            var target = i % 2 == 0 ? b.Id : a.Id;
            using var put = await client.PutAsJsonAsync($"/api/deployments/{deploymentId}", new { modelId = target }, Cancel);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            // This replica re-reads the deployment before the switch is answered: the next request is the new model's.
            afterSwitch.Add((await ServedModels.PredictOkAsync(client, deploymentId, rows.Select(linear.JsonRow))).GetProperty("modelId").GetGuid());
            await Task.Delay(50, Cancel);
        }
        await stop.CancelAsync();
        var answers = (await Task.WhenAll(callers)).SelectMany(a => a).ToList();

        Assert.Equal(Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? b.Id : a.Id), afterSwitch);
        Assert.All(answers, answer => Assert.True(answer.Status == HttpStatusCode.OK, $"{(int)answer.Status}: {answer.Body}"));
        var byModel = answers.Select(answer => JsonDocument.Parse(answer.Body).RootElement).GroupBy(body => body.GetProperty("modelId").GetGuid()).ToList();
        Assert.Equal([a.Id, b.Id], byModel.Select(g => g.Key).Order());
        foreach (var group in byModel)
        {
            var (version, predictions) = expected[group.Key];
            Assert.All(group, body =>
            {
                Assert.Equal(version, body.GetProperty("modelVersion").GetInt32());
                ServedModels.AssertSamePredictions(predictions, body);
            });
        }
    }
}
