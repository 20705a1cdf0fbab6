extern alias api;

using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ApiProgram = api::Program;

namespace MlWorkflow.Tests.Api;

/// <summary>A /ws/logs viewer over the TestServer, collecting every frame it receives.</summary>
public sealed class LogSocket : IAsyncDisposable
{
    private readonly WebSocket _socket;

    private LogSocket(WebSocket socket) => _socket = socket;

    public List<JsonElement> Frames { get; } = [];

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public IEnumerable<long> LogSeqs => Frames.Where(f => Type(f) == "log").Select(f => f.GetProperty("seq").GetInt64());

    public IEnumerable<JsonElement> StatusFrames => Frames.Where(f => Type(f) == "status");

    public static async Task<LogSocket> ConnectAsync(WebApplicationFactory<ApiProgram> factory, HttpClient user, Guid taskId, long? after = null)
    {
        var client = factory.Server.CreateWebSocketClient();
        var token = user.DefaultRequestHeaders.Authorization!.Parameter;
        client.ConfigureRequest = request => request.Headers.Authorization = $"Bearer {token}";
        var query = after is null ? $"taskId={taskId}" : $"taskId={taskId}&after={after}";
        var socket = await client.ConnectAsync(new Uri(factory.Server.BaseAddress, $"/ws/logs?{query}"), TestContext.Current.CancellationToken);
        return new LogSocket(socket);
    }

    /// <summary>Reads frames until the server closes (true) or <paramref name="stop"/> says enough (false).</summary>
    public async Task<bool> ReadAsync(Func<JsonElement, bool>? stop = null, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, deadline.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", deadline.Token);
                return true;
            }
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }
            var frame = JsonSerializer.Deserialize<JsonElement>(Encoding.UTF8.GetString(message.ToArray()));
            message.SetLength(0);
            Frames.Add(frame);
            if (stop?.Invoke(frame) == true)
            {
                return false;
            }
        }
    }

    /// <summary>Closes from the client side, as a browser tab does.</summary>
    public Task CloseAsync() => _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "leaving", TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    public static string Type(JsonElement frame) => frame.GetProperty("type").GetString()!;
}
