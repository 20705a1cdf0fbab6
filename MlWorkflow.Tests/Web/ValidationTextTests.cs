extern alias web;

using System.Text.Json;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Training;
using ValidationRecord = web::MlWorkflow.Web.Services.ValidationRecord;

namespace MlWorkflow.Tests.Web;

/// <summary>How the model page and the Train panel name the validation, read from the Engine's record as the Api sends it.</summary>
public sealed class ValidationTextTests
{
    [Theory]
    [InlineData(344, "5-fold cross-validation repeated 3 times on 344 rows")]
    [InlineData(5_000, "5-fold cross-validation on 5,000 rows")]
    [InlineData(100_000, "holdout of 2.5% of 100,000 rows")]
    public void TheValidationReadsAsTheSearchRanIt(long rows, string text)
    {
        var json = JsonSerializer.Serialize(Folds.Choose(rows), EngineJson.Options);

        var record = JsonSerializer.Deserialize<ValidationRecord>(json, JsonSerializerOptions.Web)!;

        Assert.Equal(text, record.Describe());
    }
}
