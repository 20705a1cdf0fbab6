using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace MlWorkflow.Web.Services;

/// <summary>
/// Circuits outlive the cookie check of the request that opened them: every 15 s (a claims check, no I/O) this
/// drops the user once the Api token has expired, so <c>AuthorizeRouteView</c> sends them to the login page.
/// </summary>
public sealed class TokenExpiryAuthenticationStateProvider(ILoggerFactory loggerFactory, TimeProvider time)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(15);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(authenticationState.User.HasValidToken(time));
}
