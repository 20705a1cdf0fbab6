using System.Text.Json;

namespace MlWorkflow.Web.Services;

/// <summary>
/// Parses the Api's <c>/ws/logs</c> frames: <c>{"type":"log",…entry}</c> and <c>{"type":"status",…Task}</c>
/// (a JSON array of such objects is accepted too). Entries at or below the cursor are dropped, so a replay
/// after reconnecting never duplicates.
/// </summary>
internal static class LiveLogFrames
{
    /// <summary>Hands the frame's content to <paramref name="observer"/>; true when it held a finished task status.</summary>
    public static bool Dispatch(ReadOnlySpan<byte> frame, LogCursor cursor, ILiveLogObserver observer)
    {
        var reader = new Utf8JsonReader(frame);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var finished = false;
        if (root.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in root.EnumerateArray())
            {
                finished |= DispatchOne(item, cursor, observer);
            }
            return finished;
        }
        return DispatchOne(root, cursor, observer);
    }

    private static bool DispatchOne(JsonElement frame, LogCursor cursor, ILiveLogObserver observer)
    {
        var type = frame.TryGetProperty("type", out var typeElement) ? typeElement.GetString() : null;
        switch (type)
        {
            case "log":
                var entry = frame.Deserialize<LogEntry>(JsonSerializerOptions.Web)
                    ?? throw new JsonException("A log frame held no entry.");
                if (entry.Seq > cursor.LastSeq)
                {
                    cursor.LastSeq = entry.Seq;
                    cursor.Progressed = true;
                    observer.OnEntry(entry);
                }
                return false;
            case "status":
                var task = frame.Deserialize<TaskRecord>(JsonSerializerOptions.Web)
                    ?? throw new JsonException("A status frame held no task.");
                observer.OnStatus(task);
                return task.IsFinished;
            default:
                return false; // unknown frame types are for newer clients
        }
    }
}
