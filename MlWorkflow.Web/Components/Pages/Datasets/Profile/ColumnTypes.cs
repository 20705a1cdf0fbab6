namespace MlWorkflow.Web.Components.Pages.Datasets.Profile;

/// <summary>How a column type is shown: one color per family of types.</summary>
public static class ColumnTypes
{
    public static MudBlazor.Color Color(string? type) => type switch
    {
        "numeric" or "integer" => MudBlazor.Color.Primary,
        "categorical" or "boolean" => MudBlazor.Color.Secondary,
        "datetime" => MudBlazor.Color.Info,
        "identifier" or "constant" => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Default,
    };
}
