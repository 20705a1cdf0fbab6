namespace MlWorkflow.Api.Suggestions;

public static class SuggestionServiceExtensions
{
    public static IServiceCollection AddSuggestions(this IServiceCollection services)
    {
        services.AddOptions<SuggestionCacheOptions>().BindConfiguration(SuggestionCacheOptions.Section);
        services.AddSingleton<SuggestionCache>();
        services.AddScoped<ProfiledDatasets>();
        services.AddScoped<SuggestionService>();
        return services;
    }
}
