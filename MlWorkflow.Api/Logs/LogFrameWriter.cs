using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Tasks.Logs;

namespace MlWorkflow.Api.Logs;

/// <summary>
/// Writes the broker's frames, one JSON object per WebSocket text message:
/// <c>{"type":"log","taskId","seq","ts","level","step","message","progress"}</c> and <c>{"type":"status",…Task}</c>.
/// One buffer and one JSON writer are reused for every frame.
/// </summary>
public sealed class LogFrameWriter(WebSocket socket) : IDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private Utf8JsonWriter? _writer;

    public ValueTask SendLogAsync(TaskLogEntry e, CancellationToken cancellationToken)
    {
        var json = Begin("log");
        json.WriteString("taskId", e.TaskId);
        json.WriteNumber("seq", e.Seq);
        json.WriteString("ts", e.Ts);
        json.WriteString("level", e.Level);
        json.WriteString("step", e.Step);
        json.WriteString("message", e.Message);
        if (e.Progress is { } progress)
        {
            json.WriteNumber("progress", progress);
        }
        else
        {
            json.WriteNull("progress");
        }
        return EndAsync(cancellationToken);
    }

    public ValueTask SendStatusAsync(TaskResponse task, CancellationToken cancellationToken)
    {
        var json = Begin("status");
        foreach (var property in JsonSerializer.SerializeToElement(task, s_json).EnumerateObject())
        {
            property.WriteTo(json);
        }
        return EndAsync(cancellationToken);
    }

    public void Dispose() => _writer?.Dispose();

    private Utf8JsonWriter Begin(string type)
    {
        _buffer.ResetWrittenCount();
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(_buffer);
        }
        else
        {
            _writer.Reset(_buffer);
        }
        _writer.WriteStartObject();
        _writer.WriteString("type", type);
        return _writer;
    }

    private ValueTask EndAsync(CancellationToken cancellationToken)
    {
        _writer!.WriteEndObject();
        _writer.Flush();
        return socket.SendAsync(_buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }
}
