using System.Text.Json;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Tests.Engine.Csv;
using MlWorkflow.Tests.Engine.Profiling;

namespace MlWorkflow.Tests.Engine.Preprocessing;

/// <summary>The suggested pipeline of each sample, run end to end; the fitted state read back and applied row by row.</summary>
public sealed class PreprocessorSampleTests
{
    [Theory]
    [InlineData("iris.csv")]
    [InlineData("penguins.csv")]
    [InlineData("titanic.csv")]
    [InlineData("cars.csv")]
    [InlineData("diabetes.csv")]
    public async Task SuggestedPipelineOfSampleRunsAndPredictRowsMatchTheOutput(string file)
    {
        var bytes = CsvTestFiles.ReadSample(file);
        var profile = await ProfileTestKit.ProfileAsync(bytes);
        var suggestion = PipelineSuggester.Suggest(profile, null);
        var draft = new PipelineDraft(suggestion.Target, [.. suggestion.Steps.Select(step => new PipelineDraftStep(
            step.Id, step.Op, step.Columns, JsonSerializer.SerializeToElement(step.Params), step.Confidence, step.Rationale, step.Enabled))]);
        var reference = SampleReference.Load(file);

        var run = await PreprocessTestKit.RunAsync(bytes, profile, draft);

        var kept = KeptRows(reference, suggestion);
        Assert.Equal((reference.Rows.Length, kept.Count), ((int)run.Result.RowsIn, (int)run.Result.RowsOut));
        Assert.Equal(run.Result.Columns, run.Header);
        var removed = suggestion.Steps.Where(s => s.Op is PipelineOps.DropColumns or PipelineOps.OneHot or PipelineOps.DateParts).SelectMany(s => s.Columns);
        Assert.Equal(reference.Header.Except(removed), reference.Header.Where(run.Header.Contains));
        foreach (var step in suggestion.Steps.Where(s => s.Op == PipelineOps.OneHot))
        {
            Assert.All(step.Columns, column => Assert.Subset(run.Header.ToHashSet(),
                reference.Present(column).Distinct().Select(value => $"{column}_{value}").ToHashSet()));
        }
        foreach (var column in suggestion.Steps.Where(s => s.Op == PipelineOps.Impute).SelectMany(s => s.Columns).Where(run.Header.Contains))
        {
            Assert.DoesNotContain("", run.Column(column));
        }
        var restored = FittedPipeline.FromJson(run.Result.Fitted.ToJson());
        Assert.Equal(run.Result.Fitted.ToJson(), restored.ToJson());
        for (var i = 0; i < kept.Count; i++)
        {
            var row = reference.Header.Select((name, c) => (name, value: kept[i][c])).ToDictionary(e => e.name, e => (string?)e.value);
            Assert.Equal(run.Rows[i].Select(cell => cell.Length == 0 ? null : cell), restored.TransformRow(row));
        }
    }

    /// <summary>The rows the suggestion keeps: first copies of each line, with a target.</summary>
    private static List<string[]> KeptRows(SampleReference reference, PipelineSuggestion suggestion)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var target = Array.IndexOf(reference.Header, suggestion.Target);
        var dedupe = suggestion.Steps.Any(s => s.Op == PipelineOps.DropDuplicates);
        var needTarget = suggestion.Steps.Any(s => s.Op == PipelineOps.DropMissingTarget);
        return [.. reference.Rows.Where(row => (!dedupe || seen.Add(string.Join(',', row)))
            && (!needTarget || !SampleReference.DefaultMissingTokens.Contains(row[target].Trim())))];
    }
}
