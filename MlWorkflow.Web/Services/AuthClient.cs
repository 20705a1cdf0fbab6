namespace MlWorkflow.Web.Services;

/// <summary>Accounts and tokens (/api/auth).</summary>
public sealed class AuthClient(HttpClient httpClient)
{
    public Task<RegisteredUser> RegisterAsync(Credentials credentials, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<RegisteredUser>(HttpMethod.Post, "/api/auth/register", credentials, cancellationToken);

    public Task<TokenResponse> CreateTokenAsync(Credentials credentials, CancellationToken cancellationToken) =>
        httpClient.SendJsonAsync<TokenResponse>(HttpMethod.Post, "/api/auth/token", credentials, cancellationToken);

    /// <summary>GET /api/auth/me with an explicit token: at sign-in the cookie (and so the handler's user) does not exist yet.</summary>
    public Task<CurrentUser> GetCurrentUserAsync(string accessToken, CancellationToken cancellationToken) =>
        httpClient.CallJsonAsync<CurrentUser>(new(HttpMethod.Get, "/api/auth/me") { Headers = { Authorization = new("Bearer", accessToken) } }, cancellationToken);
}
