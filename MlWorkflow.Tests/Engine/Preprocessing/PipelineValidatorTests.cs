using System.Text.Json;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Tests.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Preprocessing;

/// <summary>The validator on a crafted profile: y (boolean target), num (numeric), cat (categorical), when (datetime).</summary>
public sealed class PipelineValidatorTests
{
    private static readonly Lazy<Task<DatasetProfile>> s_profile = new(() => ProfileTestKit.ProfileAsync(
        "y,num,cat,when\n" + string.Concat(Enumerable.Range(0, 30).Select(i =>
            $"{(i % 2 == 0 ? "yes" : "no")},{i * 1.5},{"abc"[i % 3]},2020-0{1 + i % 9}-1{i % 10}\n"))));

    public static TheoryData<string, string> Mistakes => new()
    {
        { """[{"op":"impute","columns":["num"],"params":{"strategy":"banana"}}]""", "steps[0].params.strategy" },
        { """[{"op":"impute","columns":["num"],"params":{}}]""", "steps[0].params.strategy" },
        { """[{"op":"impute","columns":["cat"],"params":{"strategy":"mean"}}]""", "steps[0].params.strategy" },
        { """[{"op":"impute","columns":["cat"],"params":{"strategy":"constant"}}]""", "steps[0].params.fill_value" },
        { """[{"op":"impute","columns":["cat"],"params":{"strategy":"constant","fill_value":{"a":1}}}]""", "steps[0].params.fill_value" },
        { """[{"op":"impute","columns":["num"],"params":{"strategy":"constant","fill_value":"x"}}]""", "steps[0].params.fill_value" },
        { """[{"op":"impute","columns":["num"],"params":{"strategy":"median","fill_value":0}}]""", "steps[0].params.fill_value" },
        { """[{"op":"impute","columns":["num"],"params":{"strategy":"median","also_missing":["nan"]}}]""", "steps[0].params.also_missing" },
        { """[{"op":"impute","columns":["cat"],"params":{"strategy":"most_frequent","also_missing":["infinite"]}}]""", "steps[0].params.also_missing" },
        { """[{"op":"clip_outliers","columns":["num"],"params":{"lower_quantile":0}}]""", "steps[0].params.lower_quantile" },
        { """[{"op":"clip_outliers","columns":["num"],"params":{"lower_quantile":0.9,"upper_quantile":0.1}}]""", "steps[0].params.lower_quantile" },
        { """[{"op":"clip_outliers","columns":["num"],"params":{"upper_quantile":"high"}}]""", "steps[0].params.upper_quantile" },
        { """[{"op":"clip_outliers","columns":["cat"]}]""", "steps[0].columns" },
        { """[{"op":"date_parts","columns":["when"],"params":{"parts":[]}}]""", "steps[0].params.parts" },
        { """[{"op":"date_parts","columns":["when"],"params":{"parts":["week"]}}]""", "steps[0].params.parts" },
        { """[{"op":"date_parts","columns":["when"],"params":{"parts":["year","year"]}}]""", "steps[0].params.parts" },
        { """[{"op":"date_parts","columns":["when"]}]""", "steps[0].params.parts" },
        { """[{"op":"date_parts","columns":["num"],"params":{"parts":["year"]}}]""", "steps[0].columns" },
        { """[{"op":"one_hot","columns":["cat"],"params":{"handle_unknown":"error"}}]""", "steps[0].params.handle_unknown" },
        { """[{"op":"ordinal_encode","columns":["cat"],"params":{"order":"random"}}]""", "steps[0].params.order" },
        { """[{"op":"log_transform","columns":["num"],"params":{"function":"log10"}}]""", "steps[0].params.function" },
        { """[{"op":"log_transform","columns":["when"]}]""", "steps[0].columns" },
        { """[{"op":"drop_columns","columns":["num"],"params":{"reason":5}}]""", "steps[0].params.reason" },
        { """[{"op":"drop_duplicates","columns":[],"params":{"keep":"last"}}]""", "steps[0].params.keep" },
        { """[{"op":"text_features","columns":["cat"],"params":{"word_ngrams":6}}]""", "steps[0].params.word_ngrams" },
        { """[{"op":"text_features","columns":["cat"],"params":{"char_ngrams":2.5}}]""", "steps[0].params.char_ngrams" },
        { """[{"op":"standard_scale","columns":["num"],"params":{"with_mean":false}}]""", "steps[0].params.with_mean" },
        { """[{"op":"drop_missing_target","columns":[],"params":{"any":1}}]""", "steps[0].params.any" },
        { """[{"op":"minmax_scale","columns":["cat"]}]""", "steps[0].columns" },
        { """[{"op":"robust_scale","columns":["num"]},{"op":"drop_duplicates","columns":[]}]""", "steps[1].op" },
        { """[{"op":"drop_columns","columns":["num"]},{"op":"standard_scale","columns":["num"]}]""", "steps[1].columns" },
        { """[{"op":"one_hot","columns":["cat"]},{"op":"impute","columns":["cat"],"params":{"strategy":"most_frequent"}}]""", "steps[1].columns" },
        { """[{"op":"date_parts","columns":["when"],"params":{"parts":["year"]}},{"op":"one_hot","columns":["when"]}]""", "steps[1].columns" },
    };

    public static TheoryData<string> Valid => new()
    {
        """[{"op":"drop_columns","columns":["num"],"enabled":false},{"op":"standard_scale","columns":["num"]}]""",
        """[{"op":"standard_scale","columns":["num"]},{"op":"drop_duplicates","columns":[],"enabled":false}]""",
        """[{"op":"ordinal_encode","columns":["cat"],"params":{"order":"frequency"}},{"op":"standard_scale","columns":["cat"]}]""",
        """[{"op":"impute","columns":["num"],"params":{"strategy":"constant","fill_value":"0"}},{"op":"one_hot","columns":["num"]}]""",
        """[{"op":"impute","columns":["cat","when"],"params":{"strategy":"constant","fill_value":7}},{"op":"date_parts","columns":["when"],"params":{"parts":["day_of_week"]}}]""",
        """[{"op":"clip_outliers","columns":["num"],"params":{"lower_quantile":0.25,"upper_quantile":0.75}},{"op":"log_transform","columns":["num"]}]""",
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task ValidateMistakeNamesTheField(string steps, string key)
    {
        var validator = new PipelineValidator(["y", "num", "cat", "when"], await s_profile.Value);

        var pipeline = validator.Validate(Draft(steps));

        Assert.Null(pipeline);
        Assert.True(validator.Errors.TryGetValue(key, out var messages), $"no '{key}' in {JsonSerializer.Serialize(validator.Errors)}");
        Assert.All(messages, message => Assert.Matches("(use|send|remove|move|list|make|shorten)", message));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task ValidateAcceptsStepsThatFitTogether(string steps)
    {
        var validator = new PipelineValidator(["y", "num", "cat", "when"], await s_profile.Value);

        var pipeline = validator.Validate(Draft(steps));

        Assert.True(pipeline is not null, JsonSerializer.Serialize(validator.Errors));
        Assert.Equal("binary", pipeline.Task);
    }

    [Theory]
    [InlineData("iris.csv")]
    [InlineData("penguins.csv")]
    [InlineData("titanic.csv")]
    [InlineData("cars.csv")]
    [InlineData("diabetes.csv")]
    public async Task ValidateAcceptsEverySuggestionForSample(string file)
    {
        var profile = await ProfileTestKit.ProfileSampleAsync(file);
        var suggestion = PipelineSuggester.Suggest(profile, null);
        var draft = new PipelineDraft(suggestion.Target, [.. suggestion.Steps.Select(step => new PipelineDraftStep(
            step.Id, step.Op, step.Columns, JsonSerializer.SerializeToElement(step.Params), step.Confidence, step.Rationale, step.Enabled))]);
        var validator = new PipelineValidator([.. profile.Columns.Select(column => column.Name)], profile);

        var pipeline = validator.Validate(draft);

        Assert.True(pipeline is not null, JsonSerializer.Serialize(validator.Errors));
        Assert.Equal(suggestion.Steps.Select(step => step.Id), pipeline.Steps.Select(step => step.Id));
    }

    private static PipelineDraft Draft(string steps)
    {
        var parsed = JsonSerializer.Deserialize<List<PipelineDraftStep>>(steps, JsonSerializerOptions.Web)!;
        return new PipelineDraft("y", [.. parsed.Select((step, i) => step with { Id = $"s{i}" })]);
    }
}
