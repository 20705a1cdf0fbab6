using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Api.Auth;
using MlWorkflow.Api.Tasks;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Tasks.Logs;
using Npgsql;

namespace MlWorkflow.Api.Logs;

public static class LogsApi
{
    private const int TextPageSize = 5_000;

    public static RouteGroupBuilder MapLogsApi(this IEndpointRouteBuilder app)
    {
        var logs = app.MapGroup("/api/logs").WithTags("Logs").RequireAuthorization();
        logs.MapGet("/{id:guid}", GetAsync).WithName("Logs_Get")
            .WithSummary("A task's stored log entries after seq 'after' (default 0), at most 'limit' (1 to 10000, default 1000).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        logs.MapGet("/{id:guid}.txt", GetTextAsync).WithName("Logs_GetText")
            .WithSummary("A task's whole log as text, one line per entry: 'ts [LEVEL] step: message'.")
            .Produces<Stream>(StatusCodes.Status200OK, "text/plain").ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet(AuthServiceExtensions.WebSocketTokenPath, LogsWebSocketEndpoint.ConnectAsync).WithName("Logs_Live")
            .WithTags("Logs").RequireAuthorization()
            .Produces(StatusCodes.Status101SwitchingProtocols).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("WebSocket: a task's log live (query taskId, after; browsers may pass access_token). " +
                "Frames: {type:'log',…entry} and {type:'status',…Task}; closes normally once the task has ended.");
        return logs;
    }

    public static async Task<Results<Ok<LogPageResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, NpgsqlDataSource dataSource, CancellationToken cancellationToken,
        [Range(0, long.MaxValue)] long after = 0, [Range(1, 10_000)] int limit = 1_000)
    {
        if (!await IsOwnedAsync(db, id, user, cancellationToken))
        {
            return TaskProblems.NotFound(id);
        }
        var entries = await TaskLogStore.ReadAsync(dataSource, id, after, limit, cancellationToken);
        var nextAfter = entries.Count > 0 ? entries[^1].Seq : after;
        return TypedResults.Ok(new LogPageResponse(id, [.. entries.Select(LogEntryResponse.From)], nextAfter));
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> GetTextAsync(
        Guid id, ClaimsPrincipal user, MlWorkflowDbContext db, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (!await IsOwnedAsync(db, id, user, cancellationToken))
        {
            return TaskProblems.NotFound(id);
        }
        return TypedResults.Stream(
            body => WriteTextAsync(body, dataSource, id, cancellationToken),
            "text/plain; charset=utf-8",
            $"task-{id}.log.txt");
    }

    /// <summary><c>2026-11-26T15:26:21.123456Z [INFO] status: running: …</c>; line breaks inside a message become "\n".</summary>
    public static string FormatLine(TaskLogEntry e) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{e.Ts.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'} [{e.Level.ToUpperInvariant()}] {e.Step}: {OneLine(e.Message)}");

    private static async Task WriteTextAsync(Stream body, NpgsqlDataSource dataSource, Guid id, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(false), 64 * 1024);
        writer.NewLine = "\n";
        long after = 0;
        while (true)
        {
            var page = await TaskLogStore.ReadAsync(dataSource, id, after, TextPageSize, cancellationToken);
            foreach (var entry in page)
            {
                await writer.WriteLineAsync(FormatLine(entry));
            }
            if (page.Count < TextPageSize)
            {
                break;
            }
            after = page[^1].Seq;
            await writer.FlushAsync(cancellationToken);
        }
    }

    private static string OneLine(string message) =>
        message.Contains('\n') || message.Contains('\r') ? message.Replace("\r\n", "\\n").Replace("\n", "\\n").Replace("\r", "\\n") : message;

    public static Task<bool> IsOwnedAsync(MlWorkflowDbContext db, Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        return db.Tasks.AnyAsync(t => t.Id == id && t.OwnerId == ownerId, cancellationToken);
    }
}
