using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;

namespace MlWorkflow.Benchmarks.LogPath;

/// <summary>A browser-like viewer of /ws/logs: token in the query, one JSON object per frame.</summary>
public sealed class WebSocketLogClient(ApiProcess api, Guid taskId, long after)
{
    private readonly ClientWebSocket _socket = new();

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var address = new UriBuilder(api.Client.BaseAddress!)
        {
            Scheme = "ws",
            Path = "/ws/logs",
            Query = $"taskId={taskId}&after={after}&access_token={Uri.EscapeDataString(api.AccessToken)}",
        }.Uri;
        await _socket.ConnectAsync(address, cancellationToken);
    }

    public async Task<ClientObservations> ReceiveUntilAsync(long lastSeq, CancellationToken cancellationToken)
    {
        var observations = new ClientObservations();
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        var expected = after + 1;
        try
        {
            while (expected <= lastSeq)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException($"The broker closed the socket at seq {expected - 1} of {lastSeq}.");
                }
                var arrival = Stopwatch.GetTimestamp();
                var arrivedAt = DateTimeOffset.UtcNow;
                using var frame = JsonDocument.Parse(buffer.WrittenMemory);
                var root = frame.RootElement;
                if (root.GetProperty("type").GetString() != "log")
                {
                    continue;
                }
                var seq = root.GetProperty("seq").GetInt64();
                if (seq != expected)
                {
                    throw new InvalidOperationException($"Expected seq {expected}, received {seq}.");
                }
                observations.Add(root.GetProperty("ts").GetDateTimeOffset(), arrivedAt, arrival);
                expected++;
            }
        }
        finally
        {
            _socket.Abort();
            _socket.Dispose();
        }
        return observations;
    }
}
