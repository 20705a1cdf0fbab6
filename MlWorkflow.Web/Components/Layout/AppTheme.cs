using MudBlazor;

namespace MlWorkflow.Web.Components.Layout;

public static class AppTheme
{
    private static readonly string[] s_fontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4f46e5",
            Secondary = "#0d9488",
            Tertiary = "#f59e0b",
            AppbarBackground = "#1e1b4b",
            AppbarText = "#ffffff",
            Background = "#f6f7fb",
            DrawerBackground = "#ffffff",
            DrawerText = "#334155",
            DrawerIcon = "#64748b",
            TextPrimary = "#0f172a",
            TextSecondary = "#64748b",
            TableHover = "#eef2ff",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = s_fontFamily },
            H4 = new H4Typography { FontSize = "1.75rem", FontWeight = "600" },
            H5 = new H5Typography { FontSize = "1.35rem", FontWeight = "600" },
            H6 = new H6Typography { FontSize = "1.1rem", FontWeight = "600" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px", DrawerWidthLeft = "232px" },
    };
}
