using System.Text.Json;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Engine.Training;
using MlWorkflow.Tests.Engine.Csv;
using MlWorkflow.Tests.Engine.Preprocessing;
using MlWorkflow.Tests.Engine.Profiling;
using static MlWorkflow.Tests.Engine.Alerts.CraftedProfiles;

namespace MlWorkflow.Tests.Engine.Training;

/// <summary>
/// The training table's shape after pipeline steps, estimated from the profile (<see cref="TrainingShape"/>), and the
/// plan that counts it: each op's effect on a sample, and the estimate against the table the worker really trains on.
/// </summary>
public sealed class TrainingShapeTests
{
    /// <summary>titanic: sex (2 values), age (a number, 263 missing), passengerClass (3 values); name is an identifier.</summary>
    [Fact]
    public async Task OnTitanicOneHotMakesASlotAValuePlusOneForMissingAndDropColumnsRemoves()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("titanic.csv");
        var age = profile.Column("age");
        Assert.True(age.Missing > 0 && age.Type == ColumnType.Numeric, $"{age.Type}, {age.Missing} missing");

        var plain = TrainingShape.Estimate(profile, "survived");
        var oneHotAge = TrainingShape.Estimate(profile, "survived", Steps("""[{"op":"one_hot","columns":["age"]}]"""));
        var imputedFirst = TrainingShape.Estimate(profile, "survived", Steps("""
            [{"op":"impute","columns":["age"],"params":{"strategy":"most_frequent"}}, {"op":"one_hot","columns":["age"]}]
            """));
        var dropped = TrainingShape.Estimate(profile, "survived", Steps("""[{"op":"drop_columns","columns":["age","sex"]}]"""));
        var ordinal = TrainingShape.Estimate(profile, "survived", Steps("""[{"op":"ordinal_encode","columns":["passengerClass"]}]"""));

        Assert.Equal((1_309, 2 + 1 + 3, 0), (plain.Rows, plain.Features, plain.Steps));
        Assert.Equal(plain.Features - 1 + age.Distinct + 1, oneHotAge.Features);
        Assert.Equal(plain.Features - 1 + age.Distinct, imputedFirst.Features);
        Assert.Equal(3, dropped.Features);
        Assert.Equal(plain.Features - 3 + 1, ordinal.Features);
        Assert.Equal((1_309, 1), (dropped.Rows, dropped.Steps));
        Assert.All([oneHotAge, imputedFirst, dropped, ordinal], shape => Assert.Empty(shape.Warnings));
    }

    /// <summary>
    /// cars: Year holds dates (no feature as they are), Name free text (no feature without text_features, its n-gram
    /// vocabulary with it; none when a later step drops it).
    /// </summary>
    [Fact]
    public async Task OnCarsDatePartsMakeASlotAPartAndTextFeaturesTheVocabulary()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("cars.csv");
        Assert.Equal((ColumnType.Datetime, ColumnType.Text), (profile.Column("Year").Type, profile.Column("Name").Type));
        var plain = TrainingShape.Estimate(profile, "Miles_per_Gallon");

        var parts = TrainingShape.Estimate(profile, "Miles_per_Gallon", Steps("""
            [{"op":"date_parts","columns":["Year"],"params":{"parts":["year","month","day_of_week"]}}]
            """));
        var text = TrainingShape.Estimate(profile, "Miles_per_Gallon", Steps("""
            [{"op":"date_parts","columns":["Year"],"params":{"parts":["year","month","day_of_week"]}},
             {"op":"text_features","columns":["Name"]}]
            """));
        var dropped = TrainingShape.Estimate(profile, "Miles_per_Gallon", Steps("""
            [{"op":"text_features","columns":["Name"]},{"op":"drop_columns","columns":["Name"]}]
            """));

        Assert.Equal(plain.Features + 3, parts.Features);
        Assert.Equal(parts.Features + TrainingTable.MaxTextTerms, text.Features);
        Assert.Equal(2, text.Steps);
        Assert.Equal(plain.Features, dropped.Features);
    }

    [Fact]
    public void DropDuplicatesRemovesTheProfilesDuplicatesAmongRowsWithATarget()
    {
        var profile = Profile(1_000, Number("x", 1_000), Number("y", 1_000, missing: 200)) with { DuplicateRows = 100 };

        var shape = TrainingShape.Estimate(profile, "y", Steps("""[{"op":"drop_duplicates","columns":[]},{"op":"drop_missing_target","columns":[]}]"""));

        // 900 distinct rows, four in five with a target.
        Assert.Equal((720, 1), (shape.Rows, shape.Features));
    }

    [Fact]
    public void ImputingAConstantCountsANewCategoryUnlessItIsAlreadyAValue()
    {
        var profile = Profile(100, Category("colour", 100, ("red", 50), ("green", 30)), Number("y", 100));

        int Features(string fill) => TrainingShape.Estimate(profile, "y", Steps(
            $$$"""[{"op":"impute","columns":["colour"],"params":{"strategy":"constant","fill_value":"{{{fill}}}"}}]""")).Features;

        Assert.Equal(2, TrainingShape.Estimate(profile, "y").Features);
        Assert.Equal(3, Features("unknown"));
        Assert.Equal(2, Features("red"));
    }

    [Fact]
    public void OneHotOfTooManyValuesWarnsThatTrainingWouldFail()
    {
        var codes = new ColumnProfile { Name = "code", Type = ColumnType.Text, Missing = 0, MissingPct = 0, Distinct = 5_000, DistinctIsEstimate = false };
        var profile = Profile(5_000, codes, Number("y", 5_000));

        var shape = TrainingShape.Estimate(profile, "y", Steps("""[{"op":"one_hot","columns":["code"]}]"""));

        Assert.Equal(5_000, shape.Features);
        Assert.Equal(["one_hot of 'code' would make 5,000 columns, more than the 1,000 it allows, so training would fail: "
            + "encode 'code' with ordinal_encode instead, or drop it."], shape.Warnings);
    }

    [Fact]
    public void StepsThatDoNotPassTheValidatorAreRefused()
    {
        var profile = Clean();

        var e = Assert.Throws<ArgumentException>(() => TrainingShape.Estimate(profile, "label", Steps("""[{"op":"standard_scale","columns":["colour"]}]""")));

        Assert.Contains("steps[0].columns", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The plan's rows and features with steps are those of the table the worker trains on: the steps fitted by the
    /// preprocessor, its output read with the types the fitted steps leave (as <c>TrainRunner</c> does). Each sample's
    /// suggested pipeline, and steps that change the width most (one_hot of numbers with missing values, date parts, text
    /// n-grams: cars' names have more repeated n-grams than a text feature keeps, so the bound the plan counts is reached).
    /// </summary>
    [Theory]
    [InlineData("iris.csv", null, null)]
    [InlineData("penguins.csv", null, null)]
    [InlineData("titanic.csv", null, null)]
    [InlineData("cars.csv", null, null)]
    [InlineData("diabetes.csv", null, null)]
    [InlineData("titanic.csv", "survived", """
        [{"op":"drop_duplicates","columns":[]},{"op":"one_hot","columns":["age","sex"]},{"op":"ordinal_encode","columns":["passengerClass"]}]
        """)]
    [InlineData("penguins.csv", "species", """
        [{"op":"drop_missing_target","columns":[]},{"op":"impute","columns":["sex"],"params":{"strategy":"constant","fill_value":"unknown"}},
         {"op":"one_hot","columns":["year","island"]},{"op":"drop_columns","columns":["body_mass_g"]},{"op":"log_transform","columns":["bill_depth_mm"]}]
        """)]
    [InlineData("cars.csv", "Origin", """
        [{"op":"drop_missing_target","columns":[]},{"op":"date_parts","columns":["Year"],"params":{"parts":["year","month"]}},
         {"op":"one_hot","columns":["Cylinders","Horsepower"]},{"op":"text_features","columns":["Name"]},{"op":"standard_scale","columns":["Weight_in_lbs"]}]
        """)]
    [InlineData("cars.csv", "Miles_per_Gallon", """
        [{"op":"text_features","columns":["Name"],"params":{"word_ngrams":1,"char_ngrams":5}}]
        """)]
    public async Task PlanWithStepsCountsTheFeaturesOfTheTableTrainedOn(string file, string? target, string? stepsJson)
    {
        var bytes = CsvTestFiles.ReadSample(file);
        var profile = await ProfileTestKit.ProfileAsync(bytes);
        var draft = stepsJson is null ? Suggested(profile) : new PipelineDraft(target, Draft(stepsJson));
        var validator = new PipelineValidator([.. profile.Columns.Select(c => c.Name)], profile);
        var pipeline = validator.Validate(draft);
        Assert.True(pipeline is not null, JsonSerializer.Serialize(validator.Errors));

        var plan = TrainingPlanner.Plan(profile, pipeline.Target, pipeline.Task, [MlNetTrainers.LightGbm], 60, pipeline.Steps);

        var run = await PreprocessTestKit.RunAsync(bytes, profile, draft);
        var table = await LoadAsync(run.Csv(), PipelineColumns.Outputs(run.Result.Fitted), pipeline.Target, pipeline.Task, [""]);
        Assert.Equal((table.Rows, table.Width), ((int)plan.Rows, plan.Features));
        Assert.Equal(pipeline.Steps.Count(step => step.Enabled), plan.PipelineSteps);
        Assert.Equal(Folds.Choose(table.Rows), plan.Validation);
    }

    /// <summary>
    /// cars' Name through a text_features pipeline stays text in the dataset it makes, and training on that dataset reads it
    /// as n-grams (the worker marks it from the dataset's ancestors): the plan counts them too, without steps of its own or
    /// with some, unless one of them drops the column.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData("""[{"op":"date_parts","columns":["Year"],"params":{"parts":["year","month"]}},{"op":"standard_scale","columns":["Weight_in_lbs"]}]""")]
    [InlineData("""[{"op":"drop_columns","columns":["Name"]}]""")]
    public async Task PlanOnADatasetATextFeaturesPipelineMadeCountsTheFeaturesOfTheTableTrainedOn(string? stepsJson)
    {
        const string target = "Miles_per_Gallon";
        var made = await PreprocessTestKit.RunAsync(CsvTestFiles.ReadSample("cars.csv"), target, """[{"op":"text_features","columns":["Name"]}]""");
        var derived = made.Csv();
        var profile = await ProfileTestKit.ProfileAsync(derived);
        Assert.Equal(ColumnType.Text, profile.Column("Name").Type);
        List<FittedPipeline> pipelines = [made.Result.Fitted];

        var plan = TrainingPlanner.Plan(profile, target, TargetTasks.Regression, [MlNetTrainers.LightGbm], 60,
            stepsJson is null ? null : Steps(stepsJson), PipelineColumns.TextColumns(pipelines));

        // As the worker loads it: the dataset's columns, or the steps' output, marked by every pipeline's text_features.
        TrainingTable table;
        if (stepsJson is null)
        {
            table = await LoadAsync(derived, PipelineColumns.MarkText([.. profile.Columns.Select(c => new TableColumn(c.Name, c.Type))], pipelines),
                target, TargetTasks.Regression, profile.MissingTokens);
        }
        else
        {
            var run = await PreprocessTestKit.RunAsync(derived, profile, new PipelineDraft(target, Draft(stepsJson)));
            pipelines.Add(run.Result.Fitted);
            table = await LoadAsync(run.Csv(), PipelineColumns.MarkText(PipelineColumns.Outputs(run.Result.Fitted), pipelines), target, TargetTasks.Regression, [""]);
        }
        Assert.Equal((table.Rows, table.Width), ((int)plan.Rows, plan.Features));
        Assert.Equal(stepsJson?.Contains("drop_columns", StringComparison.Ordinal) != true, table.Encoder.Features.Any(f => f.Name == "Name"));
    }

    [Fact]
    public async Task PlanWithoutStepsIsThePlanOfTheColumnsAsTheyAre()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("titanic.csv");
        var table = await TrainingTestKit.SampleAsync("titanic.csv", "survived", TargetTasks.Binary);

        var plan = TrainingPlanner.Plan(profile, "survived", TargetTasks.Binary, [MlNetTrainers.LightGbm], 60);

        Assert.Equal(JsonSerializer.Serialize(plan), JsonSerializer.Serialize(TrainingPlanner.Plan(profile, "survived", TargetTasks.Binary, [MlNetTrainers.LightGbm], 60, [])));
        Assert.Equal((table.Rows, table.Width, 0), ((int)plan.Rows, plan.Features, plan.PipelineSteps));
    }

    /// <summary>one_hot of titanic's age makes a hundred features of one: more time and memory a trial.</summary>
    [Fact]
    public async Task PlanWithStepsCostsTheWiderTable()
    {
        var profile = await ProfileTestKit.ProfileSampleAsync("titanic.csv");

        var plain = TrainingPlanner.Plan(profile, "survived", TargetTasks.Binary, [MlNetTrainers.LbfgsLogisticRegression], 60);
        var wide = TrainingPlanner.Plan(profile, "survived", TargetTasks.Binary, [MlNetTrainers.LbfgsLogisticRegression], 60,
            Steps("""[{"op":"one_hot","columns":["age"]}]"""));

        Assert.True(wide.Features > 10 * plain.Features, $"{plain.Features} → {wide.Features}");
        Assert.True(wide.Algorithms[0].ExpectedTrialSeconds > plain.Algorithms[0].ExpectedTrialSeconds,
            $"{plain.Algorithms[0].ExpectedTrialSeconds} → {wide.Algorithms[0].ExpectedTrialSeconds} s");
        Assert.True(wide.ExpectedPeakMemoryMb >= plain.ExpectedPeakMemoryMb);
    }

    private static Task<TrainingTable> LoadAsync(byte[] csv, IReadOnlyList<TableColumn> columns, string target, string task, IReadOnlyList<string> missingTokens) =>
        TrainingTable.LoadAsync(new MemoryStream(csv), new CsvDialect(',', CsvDialect.Utf8), columns, target, task, missingTokens, null, TestContext.Current.CancellationToken);

    private static PipelineDraft Suggested(DatasetProfile profile)
    {
        var suggestion = PipelineSuggester.Suggest(profile, null);
        return new PipelineDraft(suggestion.Target, [.. suggestion.Steps.Select(step => new PipelineDraftStep(
            step.Id, step.Op, step.Columns, JsonSerializer.SerializeToElement(step.Params), step.Confidence, step.Rationale, step.Enabled))]);
    }

    private static List<PipelineDraftStep?> Draft(string json) =>
        [.. JsonSerializer.Deserialize<List<PipelineDraftStep>>(json, JsonSerializerOptions.Web)!.Select((step, i) => step with { Id = $"s{i}" })];

    /// <summary>Checked steps as a saved pipeline holds them (the shape checks them again against the profile).</summary>
    private static List<PipelineStepSpec> Steps(string json) =>
        [.. Draft(json).Select(step => new PipelineStepSpec(step!.Id!, step.Op!, [.. step.Columns!.Select(c => c!)],
            step.Params ?? JsonSerializer.SerializeToElement(new Dictionary<string, object>()), null, null, true))];
}
