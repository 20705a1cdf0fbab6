using System.Globalization;
using System.Security.Claims;
using MlWorkflow.Api.Extensions;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Data;

namespace MlWorkflow.Api.Logs;

/// <summary>
/// <c>GET /ws/logs?taskId=&amp;after=</c>: everything is checked (query, token, ownership) before the WebSocket is
/// accepted, so a refused client gets an ordinary problem+json response.
/// </summary>
public static class LogsWebSocketEndpoint
{
    public static async Task<IResult> ConnectAsync(
        HttpContext http, ClaimsPrincipal user, MlWorkflowDbContext db, WebSocketLogBroker broker, string? taskId, string? after)
    {
        if (!Guid.TryParse(taskId, out var id))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_task_id",
                taskId is null ? "The query has no 'taskId'." : $"'{taskId}' is not a task id.",
                "Pass ?taskId=<id of one of your tasks> (GET /api/tasks lists them), optionally &after=<last seq you have>.");
        }
        long afterSeq = 0;
        if (!string.IsNullOrEmpty(after) && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid_after",
                $"'after' must be a whole number of 0 or more (the last seq already received), not '{after}'.",
                "Pass after=0 (or leave it out) for the whole log, or the seq of the last entry you have.");
        }
        if (!await LogsApi.IsOwnedAsync(db, id, user, http.RequestAborted))
        {
            return TaskProblems.NotFound(id);
        }
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "websocket_required",
                "This address only speaks WebSocket.",
                $"Open it with a WebSocket client (ws:// or wss://), or read the stored log with GET /api/logs/{id}.");
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        await broker.StreamAsync(socket, id, afterSeq, http.RequestAborted);
        return Results.Empty;
    }
}
