using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MlWorkflow.Api.Deployments.Keys;

namespace MlWorkflow.Api.Deployments.Serving;

public static class ServingServiceExtensions
{
    /// <summary>The predict path: model and state caches, the key scheme, the prediction log and stats writers, the retention sweep.</summary>
    public static IHostApplicationBuilder AddDeploymentServing(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ServingOptions>().BindConfiguration(ServingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DeploymentChanges>();
        services.AddSingleton<LoadedModels>();
        services.AddSingleton<ServingStates>();
        services.AddSingleton<DeploymentKeyLookup>();
        services.AddSingleton<PredictionLog>();
        services.AddSingleton<ServingStats>();
        services.AddSingleton<ServingStatsWriter>();
        services.AddSingleton<PredictionLogWriter>();
        services.AddSingleton<PredictionLogRetention>();
        // Hosted services stop in reverse order: the log writer drains first, then the stats writer adds what it could not write.
        services.AddHostedService(sp => sp.GetRequiredService<ServingStatsWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<PredictionLogWriter>());
        services.AddHostedService(sp => sp.GetRequiredService<PredictionLogRetention>());
        services.AddHostedService<DeploymentChangeListener>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, DeploymentKeyAuthenticationHandler>(DeploymentKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(DeploymentKeyAuthenticationHandler.BearerOrKeyScheme, null,
                options => options.ForwardDefaultSelector = DeploymentKeyAuthenticationHandler.SelectScheme);
        services.AddAuthorizationBuilder().AddPolicy(PredictApi.Policy, policy => policy
            .AddAuthenticationSchemes(DeploymentKeyAuthenticationHandler.BearerOrKeyScheme).RequireAuthenticatedUser());
        services.Configure<OpenApiOptions>("v1", options =>
        {
            options.AddDocumentTransformer<DeploymentKeySecurityTransformer>();
            options.AddOperationTransformer<DeploymentKeySecurityTransformer>();
        });
        return builder;
    }
}
