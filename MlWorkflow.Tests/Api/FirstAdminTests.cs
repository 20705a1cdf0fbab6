using System.Text;
using System.Text.Json;
using MlWorkflow.Tests.Infrastructure;

namespace MlWorkflow.Tests.Api;

public sealed class FirstAdminTests(InfrastructureFixture infrastructure)
{
    [Fact]
    [Slow]
    public async Task FirstRegisteredAccountIsTheOnlyAdministrator()
    {
        await using var factory = await StandaloneApiFactory.StartAsync(infrastructure);

        // Several "first" registrations at once: exactly one wins.
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => MlWorkflowApiFactory.CreateUserClientAsync(factory)));
        var later = await MlWorkflowApiFactory.CreateUserClientAsync(factory);

        var me = await Task.WhenAll(clients.Append(later).Select(c => Uploads.GetJsonAsync(c, "/api/auth/me")));
        Assert.Single(me, m => m.GetProperty("isAdmin").GetBoolean());
        Assert.False(me[^1].GetProperty("isAdmin").GetBoolean());
        Assert.All(me, m => Assert.Matches("^user-[0-9a-f]{32}@example.com$", m.GetProperty("email").GetString()));
        var admin = clients[Array.FindIndex(me, m => m.GetProperty("isAdmin").GetBoolean())];
        Assert.Equal("admin", Claims(admin).GetProperty("role").GetString());
        Assert.False(Claims(later).TryGetProperty("role", out _));
    }

    private static JsonElement Claims(HttpClient client)
    {
        var payload = client.DefaultRequestHeaders.Authorization!.Parameter!.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonSerializer.Deserialize<JsonElement>(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
    }
}
