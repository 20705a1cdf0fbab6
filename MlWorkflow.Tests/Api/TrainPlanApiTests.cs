using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Training;
using Npgsql;

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
            $"/api/train/plan?datasetId={id}&target=species&algorithms=LightGbm,LbfgsMaximumEntropy&algorithms=FastForest&timeBudgetSeconds=10");

        Assert.Equal(["LightGbm", "LbfgsMaximumEntropy", "FastForest"], plan.GetProperty("algorithms").EnumerateArray().Select(a => a.GetProperty("algorithm").GetString()));
        // A forest of one-versus-all trees on 3 classes, five folds three times over (344 rows): about 3 s a trial, and
        // 10 s less the first search's cold start leaves room for a few.
        Assert.Contains(plan.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("3 classes and 344 rows: FastForest trials ~", StringComparison.Ordinal)
            && w.GetString()!.Contains(", 10 s allows ~", StringComparison.Ordinal));
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

    /// <summary>
    /// titanic's features as they are: sex (2), age (1), passengerClass (3). Its saved pipeline one-hots age (98 values and
    /// missing ones: 99 columns) and drops sex; a step switched off does not count.
    /// </summary>
    [Fact]
    public async Task PlanWithTheSavedPipelineCountsTheFeaturesAfterItsSteps()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "titanic.csv");
        var saved = await client.PutAsJsonAsync($"/api/datasets/{id}/pipeline", new
        {
            target = "survived",
            steps = new object[]
            {
                new { id = "a", op = "one_hot", columns = new[] { "age" } },
                new { id = "b", op = "drop_columns", columns = new[] { "sex" } },
                new { id = "c", op = "drop_columns", columns = new[] { "passengerClass" }, enabled = false },
            },
        }, Cancel);
        saved.EnsureSuccessStatusCode();
        var query = $"/api/train/plan?datasetId={id}&target=survived&algorithms=LightGbm";

        var plain = await Uploads.GetJsonAsync(client, query);
        var unset = await Uploads.GetJsonAsync(client, query + "&useSavedPipeline=false");
        var piped = await Uploads.GetJsonAsync(client, query + "&useSavedPipeline=True");

        Assert.Equal((6, 0), (plain.GetProperty("features").GetInt32(), plain.GetProperty("pipelineSteps").GetInt32()));
        Assert.True(JsonElement.DeepEquals(plain, unset), $"{plain} / {unset}");
        Assert.Equal((99 + 3, 2), (piped.GetProperty("features").GetInt32(), piped.GetProperty("pipelineSteps").GetInt32()));
        Assert.Equal(1_309, piped.GetProperty("rows").GetInt64());
        Assert.True(piped.GetProperty("algorithms")[0].GetProperty("expectedTrialSeconds").GetDouble()
            > plain.GetProperty("algorithms")[0].GetProperty("expectedTrialSeconds").GetDouble());
    }

    /// <summary>
    /// cars' Name through a text_features pipeline stays text in the dataset it makes, and training on that dataset reads it
    /// as n-grams: the plan counts them without a pipeline of its own, so a trial costs more than on the parent.
    /// </summary>
    [Fact]
    public async Task PlanOnADatasetATextFeaturesPipelineMadeCountsTheNgrams()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (parentId, derivedId) = await CarsWithTextFeaturesAsync(client);
        const string query = "&target=Miles_per_Gallon&algorithms=LightGbm";

        var parent = await Uploads.GetJsonAsync(client, $"/api/train/plan?datasetId={parentId}{query}");
        var derived = await Uploads.GetJsonAsync(client, $"/api/train/plan?datasetId={derivedId}{query}");

        Assert.Equal((parent.GetProperty("features").GetInt32() + TrainingTable.MaxTextTerms, 0),
            (derived.GetProperty("features").GetInt32(), derived.GetProperty("pipelineSteps").GetInt32()));
        Assert.Equal(parent.GetProperty("rows").GetInt64(), derived.GetProperty("rows").GetInt64());
        Assert.True(derived.GetProperty("algorithms")[0].GetProperty("expectedTrialSeconds").GetDouble()
            > parent.GetProperty("algorithms")[0].GetProperty("expectedTrialSeconds").GetDouble(), $"{parent} / {derived}");
    }

    /// <summary>The dataset page's model recommendations give each trainer the plan's cost, so they count the n-grams too.</summary>
    [Fact]
    public async Task RecommendationsOnADatasetATextFeaturesPipelineMadeCountTheNgrams()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (parentId, derivedId) = await CarsWithTextFeaturesAsync(client);
        static JsonElement LightGbm(JsonElement recommendation) =>
            recommendation.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("algorithm").GetString() == MlNetTrainers.LightGbm);

        var parent = LightGbm(await Uploads.GetJsonAsync(client, $"/api/suggest/models?datasetId={parentId}&target=Miles_per_Gallon"));
        var derived = LightGbm(await Uploads.GetJsonAsync(client, $"/api/suggest/models?datasetId={derivedId}&target=Miles_per_Gallon"));
        var plan = await Uploads.GetJsonAsync(client, $"/api/train/plan?datasetId={derivedId}&target=Miles_per_Gallon&algorithms=LightGbm");

        var features = plan.GetProperty("features").GetInt32();
        Assert.Contains($" × {features} features", derived.GetProperty("rationale").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain($" × {features} features", parent.GetProperty("rationale").GetString(), StringComparison.Ordinal);
        Assert.True(derived.GetProperty("expectedTrainSeconds").GetDouble() > parent.GetProperty("expectedTrainSeconds").GetDouble(), $"{parent} / {derived}");
    }

    /// <summary>
    /// A dataset whose maker's fitted pipeline cannot be read (damaged, or another version's) cannot be trained on: the plan,
    /// the recommendations and the start say so as a problem, and no task is created.
    /// </summary>
    [Fact]
    public async Task ADatasetWhosePipelineLineageCannotBeReadGetsAProblemNotAServerError()
    {
        var client = await factory.GetSharedUserClientAsync();
        var (_, derivedId) = await CarsWithTextFeaturesAsync(client);
        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync(Cancel);
            await using var command = new NpgsqlCommand("""UPDATE datasets SET lineage = jsonb_set(lineage, '{fitted,steps}', '"damaged"') WHERE id = @id""", connection);
            command.Parameters.AddWithValue("id", derivedId);
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Cancel));
        }
        async Task<int> TasksAsync() => (await Uploads.GetJsonAsync(client, $"/api/tasks?datasetId={derivedId}")).GetProperty("items").GetArrayLength();
        var tasksBefore = await TasksAsync();

        var responses = new[]
        {
            await client.GetAsync($"/api/train/plan?datasetId={derivedId}&target=Miles_per_Gallon", Cancel),
            await client.GetAsync($"/api/suggest/models?datasetId={derivedId}&target=Miles_per_Gallon", Cancel),
            await client.PostAsJsonAsync("/api/train", new { datasetId = derivedId, target = "Miles_per_Gallon", timeBudgetSeconds = 10 }, Cancel),
        };

        foreach (var response in responses)
        {
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "lineage_unreadable");
            Assert.StartsWith($"Dataset {derivedId} was made by a pipeline whose fitted state cannot be read (", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("POST /api/run_pipeline", problem.GetProperty("fix").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(tasksBefore, await TasksAsync());
    }

    /// <summary>cars uploaded, and the dataset a text_features pipeline on its Name made from it.</summary>
    private async Task<(Guid Parent, Guid Derived)> CarsWithTextFeaturesAsync(HttpClient client)
    {
        var bytes = File.ReadAllBytes(Uploads.Sample("cars.csv"));
        var parentId = await ProfiledUploads.UploadAsync(client, factory.ConnectionString, bytes, "cars.csv");
        return (parentId, await ProfiledUploads.UploadDerivedAsync(client, factory.ConnectionString, parentId, bytes, "Miles_per_Gallon", "regression",
            """[{"op":"text_features","columns":["Name"]}]"""));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("true,false")]
    public async Task PlanRefusesAUseSavedPipelineThatIsNotTrueOrFalse(string value)
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "iris.csv");

        var response = await client.GetAsync($"/api/train/plan?datasetId={id}&target=target&useSavedPipeline={Uri.EscapeDataString(value)}", Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "invalid_training");
        Assert.Equal($"'{value}' is not true or false; send useSavedPipeline=true to plan with the dataset's saved pipeline, or leave it out to plan on the columns as they are.",
            problem.GetProperty("errors").GetProperty("useSavedPipeline")[0].GetString());
    }

    /// <summary>Read as text so a wrong value gets its own error, but documented as the boolean it is.</summary>
    [Fact]
    public async Task PlanDocumentsUseSavedPipelineAsABooleanThatDefaultsToFalse()
    {
        var document = await Uploads.GetJsonAsync(factory.CreateClient(), "/openapi/v1.json");

        var parameter = document.GetProperty("paths").GetProperty("/api/train/plan").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "useSavedPipeline");

        Assert.Equal(("query", "boolean", false), (parameter.GetProperty("in").GetString(), parameter.GetProperty("schema").GetProperty("type").GetString(),
            parameter.GetProperty("schema").GetProperty("default").GetBoolean()));
        Assert.Contains("saved pipeline", parameter.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    /// <summary>No saved pipeline, or one for another target: nothing to plan with, and the problem says which.</summary>
    [Fact]
    public async Task PlanWithTheSavedPipelineNeedsOneForTheTarget()
    {
        var client = await factory.GetSharedUserClientAsync();
        var id = await ProfiledUploads.UploadSampleAsync(client, factory.ConnectionString, "penguins.csv");
        var query = $"/api/train/plan?datasetId={id}&useSavedPipeline=true";

        var none = await ProblemAssert.IsAsync(await client.GetAsync(query + "&target=species", Cancel), HttpStatusCode.BadRequest, "invalid_training");
        (await client.PutAsJsonAsync($"/api/datasets/{id}/pipeline",
            new { target = "sex", steps = new[] { new { id = "a", op = "drop_columns", columns = new[] { "year" } } } }, Cancel)).EnsureSuccessStatusCode();
        var other = await ProblemAssert.IsAsync(await client.GetAsync(query + "&target=species", Cancel), HttpStatusCode.BadRequest, "invalid_training");
        var forSex = await Uploads.GetJsonAsync(client, query + "&target=sex");

        Assert.StartsWith($"Dataset {id} has no saved pipeline;", none.GetProperty("errors").GetProperty("useSavedPipeline")[0].GetString(), StringComparison.Ordinal);
        Assert.StartsWith("The saved pipeline is for 'sex', not 'species';", other.GetProperty("errors").GetProperty("useSavedPipeline")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(1, forSex.GetProperty("pipelineSteps").GetInt32());
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
