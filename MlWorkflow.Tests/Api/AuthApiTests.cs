using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlWorkflow.Tests.Api;

[Collection(nameof(ApiCollection))]
public sealed class AuthApiTests(MlWorkflowApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static object NewCredentials(string password = "long enough password") =>
        new { email = $"Someone.{Guid.NewGuid():N}@Example.com", password };

    [Fact]
    public async Task RegisterReturnsCreatedWithNormalizedEmail()
    {
        var email = $"  New.User.{Guid.NewGuid():N}@Example.COM ";
        var response = await _client.PostAsJsonAsync("/api/auth/register", new { email, password = "12345678" }, Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(email.Trim().ToLowerInvariant(), body.GetProperty("email").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("id").GetString(), out _));
    }

    [Fact]
    public async Task RegisterTwiceReturnsConflict()
    {
        var credentials = NewCredentials();
        (await _client.PostAsJsonAsync("/api/auth/register", credentials, Cancel)).EnsureSuccessStatusCode();

        var response = await _client.PostAsJsonAsync("/api/auth/register", credentials, Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Conflict, "email_taken");
    }

    [Theory]
    [InlineData("not-an-email", "long enough password")]
    [InlineData("missing@tld", "long enough password")]
    [InlineData("", "long enough password")]
    [InlineData("short@example.com", "1234567")]
    [InlineData("nopassword@example.com", null)]
    public async Task RegisterWithBadInputReturnsValidationProblem(string email, string? password)
    {
        var response = await _client.PostAsJsonAsync("/api/auth/register", new { email, password }, Cancel);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any());
    }

    [Fact]
    public async Task RegisterWithMalformedJsonReturnsBadRequest()
    {
        using var content = new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json");
        var response = await _client.PostAsync("/api/auth/register", content, Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task TokenWithRightPasswordReturnsUsableBearerToken()
    {
        var credentials = NewCredentials();
        (await _client.PostAsJsonAsync("/api/auth/register", credentials, Cancel)).EnsureSuccessStatusCode();

        var response = await _client.PostAsJsonAsync("/api/auth/token", credentials, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal("Bearer", token.GetProperty("tokenType").GetString());
        Assert.Equal(480 * 60, token.GetProperty("expiresIn").GetInt32());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/datasets");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(request, Cancel)).StatusCode);
    }

    [Fact]
    public async Task MeReturnsTheTokensAccount()
    {
        var credentials = NewCredentials();
        var registered = await (await _client.PostAsJsonAsync("/api/auth/register", credentials, Cancel))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var token = await (await _client.PostAsJsonAsync("/api/auth/token", credentials, Cancel))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancel);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());

        var me = await (await _client.SendAsync(request, Cancel)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(registered.GetProperty("id").GetGuid(), me.GetProperty("id").GetGuid());
        Assert.Equal(registered.GetProperty("email").GetString(), me.GetProperty("email").GetString());
        Assert.Contains(me.GetProperty("isAdmin").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
    }

    [Fact]
    public async Task TokenWithWrongPasswordReturnsUnauthorized()
    {
        var credentials = NewCredentials();
        (await _client.PostAsJsonAsync("/api/auth/register", credentials, Cancel)).EnsureSuccessStatusCode();
        var email = JsonSerializer.SerializeToElement(credentials).GetProperty("email").GetString();

        var response = await _client.PostAsJsonAsync("/api/auth/token", new { email, password = "wrong password!" }, Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task TokenForUnknownEmailReturnsUnauthorized()
    {
        var response = await _client.PostAsJsonAsync("/api/auth/token", NewCredentials(), Cancel);

        await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not.a.jwt")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIwMTk0YTBmMy0wMDAwLTcwMDAtODAwMC0wMDAwMDAwMDAwMDAiLCJpc3MiOiJtbHdvcmtmbG93IiwiYXVkIjoibWx3b3JrZmxvdyIsImV4cCI6NDEwMjQ0NDgwMH0.c2lnbmVkLXdpdGgtYW5vdGhlci1rZXk")]
    public async Task ProtectedEndpointsWithoutValidTokenReturnUnauthorized(string? token)
    {
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/datasets"), (HttpMethod.Get, $"/api/datasets/{Guid.NewGuid()}"),
            (HttpMethod.Get, $"/api/datasets/{Guid.NewGuid()}/preview"), (HttpMethod.Get, $"/api/datasets/{Guid.NewGuid()}/download"),
            (HttpMethod.Delete, $"/api/datasets/{Guid.NewGuid()}"), (HttpMethod.Post, "/api/upload"),
            (HttpMethod.Get, "/api/auth/me"), (HttpMethod.Get, "/api/tasks"), (HttpMethod.Get, $"/api/task/{Guid.NewGuid()}/status"),
            (HttpMethod.Post, $"/api/cancel/{Guid.NewGuid()}"), (HttpMethod.Post, $"/api/task/{Guid.NewGuid()}/retry"),
            (HttpMethod.Get, $"/api/logs/{Guid.NewGuid()}"), (HttpMethod.Get, $"/api/logs/{Guid.NewGuid()}.txt"),
            (HttpMethod.Get, $"/ws/logs?taskId={Guid.NewGuid()}"),
        })
        {
            using var request = new HttpRequestMessage(method, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            var response = await _client.SendAsync(request, Cancel);

            await ProblemAssert.IsAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
    }
}
