using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace MlWorkflow.Web.Services;

/// <summary>
/// Forwards the signed-in user's Api token as <c>Authorization: Bearer</c>. Inside a circuit the user comes from
/// the circuit's <see cref="AuthenticationStateProvider"/>; in plain HTTP requests (the download proxy) from HttpContext.
/// </summary>
public sealed class BearerTokenHandler(CircuitServicesAccessor circuitServices, IHttpContextAccessor httpContextAccessor)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A request that already names its token (sign-in asking who the token belongs to) keeps it.
        if (request.Headers.Authorization is null && await GetUserAsync() is { } user && user.GetAccessToken() is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<ClaimsPrincipal?> GetUserAsync()
    {
        if (circuitServices.Services?.GetService<AuthenticationStateProvider>() is { } authenticationState)
        {
            return (await authenticationState.GetAuthenticationStateAsync()).User;
        }
        return httpContextAccessor.HttpContext?.User;
    }
}
