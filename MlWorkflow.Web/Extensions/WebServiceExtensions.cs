using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using MlWorkflow.Web.Services;
using MudBlazor;
using MudBlazor.Services;

namespace MlWorkflow.Web.Extensions;

public static class WebServiceExtensions
{
    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents()
            // Browser files reach the circuit in chunks of about this size: bigger chunks than the 32 KB default, fewer round trips.
            .AddHubOptions(options => options.MaximumReceiveMessageSize = 256 * 1024);
        services.AddMudServices(options => options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);
        services.AddSingleton(TimeProvider.System);

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "mlworkflow.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = "/login";
                options.LogoutPath = "/account/logout";
                options.ReturnUrlParameter = "returnUrl";
                options.SlidingExpiration = false; // the cookie lives exactly as long as the Api token in it
            });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, TokenExpiryAuthenticationStateProvider>();
        services.AddHttpContextAccessor();
        services.AddSingleton<CircuitServicesAccessor>();
        services.AddScoped<CircuitHandler, ServicesAccessorCircuitHandler>();

        services.AddTransient<BearerTokenHandler>();
        services.AddApiClient<AuthClient>();
        services.AddApiClient<DatasetsClient>();
        services.AddApiClient<TasksClient>();
        services.AddApiClient<PipelinesClient>();
        services.AddApiClient<TrainingClient>();
        services.AddApiClient<ModelsClient>();
        services.AddApiClient<DeploymentsClient>();
        services.AddScoped<DriftAlertsState>();
        services.AddTransient<DashboardClient>();
        services.AddScoped<DatasetUploader>();
        services.AddScoped<LiveLogClient>();
        builder.AddJobsDashboard();
        return builder;
    }

    /// <summary>A typed client of the Api: found by service discovery, sending the signed-in user's token.</summary>
    private static void AddApiClient<TClient>(this IServiceCollection services) where TClient : class =>
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental, and the way to opt one client out of the defaults
        services.AddHttpClient<TClient>(client =>
            {
                client.BaseAddress = new("https+http://api");
                client.Timeout = Timeout.InfiniteTimeSpan; // per-call timeouts live in ApiCalls
            })
            // Uploads stream up to 1 GiB exactly once, and POSTs start jobs: retries and the standard 30 s timeout would break them.
            .RemoveAllResilienceHandlers()
            .AddHttpMessageHandler<BearerTokenHandler>();
#pragma warning restore EXTEXP0001
}
