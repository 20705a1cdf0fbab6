using System.Reflection;
using MlWorkflow.Engine.Suggestions;

namespace MlWorkflow.Tests.Engine.Suggestions;

public sealed class PipelineOpsTests
{
    [Fact]
    public void AllListsEveryOpConstant()
    {
        var constants = typeof(PipelineOps).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!);

        Assert.Equal(constants.Order(StringComparer.Ordinal), PipelineOps.All.Order(StringComparer.Ordinal));
        Assert.Subset(PipelineOps.All.ToHashSet(), PipelineOps.RowOps.ToHashSet());
    }
}
