using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.ServiceDiscovery;

namespace MlWorkflow.Web.Services;

/// <summary>What a live log reader hears: entries in seq order, task status changes, and the connection's state.</summary>
public interface ILiveLogObserver
{
    void OnEntry(LogEntry entry);

    void OnStatus(TaskRecord task);

    /// <summary><paramref name="problem"/> is null while connected, else why not (and whether it will retry).</summary>
    void OnConnectionChanged(bool connected, string? problem);
}

/// <summary>
/// Reads a task's log from the Api's <c>/ws/logs</c> on the Web server (a browser cannot carry the token, which
/// lives in Web's cookie). The Api's address comes from service discovery ("https+http://api", as the HttpClient
/// gets it; outside Aspire <c>services__api__http__0</c>). A dropped socket is reopened with
/// <c>after=</c> the last seq received, so the observer sees every entry once, in order. Ends after the task's
/// final status and the Api's normal close, on a refusal (401/403/404), or when cancelled.
/// </summary>
public sealed class LiveLogClient(ServiceEndpointResolver resolver, AuthenticationStateProvider authentication, ILogger<LiveLogClient> logger)
{
    private const string ApiServiceName = "https+http://api";
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(5);

    public async Task RunAsync(Guid taskId, long after, ILiveLogObserver observer, CancellationToken cancellationToken)
    {
        var cursor = new LogCursor(after);
        for (var failures = 0; !cancellationToken.IsCancellationRequested; failures++)
        {
            string problem;
            try
            {
                if (await ReadOnceAsync(taskId, cursor, observer, cancellationToken))
                {
                    return;
                }
                problem = "The log stream closed before the task ended; reconnecting…";
            }
            catch (LiveLogRefusedException refused)
            {
                observer.OnConnectionChanged(false, refused.Message);
                return;
            }
            catch (Exception exception) when (exception is WebSocketException or HttpRequestException or IOException or JsonException
                                              || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                logger.LogInformation(exception, "Log stream of task {TaskId} dropped after seq {Seq}; reconnecting", taskId, cursor.LastSeq);
                problem = $"Connection to the log stream lost ({exception.Message}); reconnecting…";
            }
            observer.OnConnectionChanged(false, problem);
            if (cursor.Progressed)
            {
                failures = 0;
                cursor.Progressed = false;
            }
            var backoff = TimeSpan.FromMilliseconds(Math.Min(s_maxBackoff.TotalMilliseconds, 200 * Math.Pow(2, failures)));
            await Task.Delay(backoff, cancellationToken);
        }
    }

    /// <summary>One connection; true when the task ended (final status, then close).</summary>
    private async Task<bool> ReadOnceAsync(Guid taskId, LogCursor cursor, ILiveLogObserver observer, CancellationToken cancellationToken)
    {
        var token = (await authentication.GetAuthenticationStateAsync()).User.GetAccessToken()
            ?? throw new LiveLogRefusedException("You are signed out: sign in again to follow this log.");
        var address = await ResolveAsync(taskId, cursor.LastSeq, cancellationToken);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        try
        {
            await socket.ConnectAsync(address, cancellationToken);
        }
        catch (WebSocketException) when (socket.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            throw new LiveLogRefusedException(socket.HttpStatusCode switch
            {
                HttpStatusCode.Unauthorized => "The Api refused the log stream: your session has ended. Sign in again.",
                HttpStatusCode.NotFound => "The Api knows no such task (or it is not yours).",
                _ => "The Api refused the log stream: this task is not yours.",
            });
        }
        observer.OnConnectionChanged(true, null);

        var finished = false;
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.GetMemory(8 * 1024), cancellationToken);
                buffer.Advance(received.Count);
            }
            while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                }
                return finished;
            }
            finished |= LiveLogFrames.Dispatch(buffer.WrittenSpan, cursor, observer);
        }
    }

    private async Task<Uri> ResolveAsync(Guid taskId, long after, CancellationToken cancellationToken)
    {
        var source = await resolver.GetEndpointsAsync(ApiServiceName, cancellationToken);
        var endpoint = source.Endpoints.FirstOrDefault()?.EndPoint
            ?? throw new LiveLogRefusedException(
                "The Api's address is unknown. Run Web from the AppHost, or set services__api__http__0=http://127.0.0.1:PORT.");
        var baseAddress = endpoint switch
        {
            UriEndPoint uri => uri.Uri,
            DnsEndPoint dns => new Uri($"http://{dns.Host}:{dns.Port}"),
            IPEndPoint ip => new Uri($"http://{ip}"),
            _ => throw new LiveLogRefusedException($"Service discovery gave an address Web cannot use: {endpoint}."),
        };
        var socketAddress = new UriBuilder(baseAddress)
        {
            Scheme = baseAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = "/ws/logs",
            Query = $"taskId={taskId}&after={after}",
        };
        return socketAddress.Uri;
    }
}

/// <summary>The last seq handed to the observer: resume point and duplicate filter.</summary>
internal sealed class LogCursor(long after)
{
    public long LastSeq { get; set; } = after;

    /// <summary>Set when an entry arrived since the last reconnect (resets the backoff).</summary>
    public bool Progressed { get; set; }
}

internal sealed class LiveLogRefusedException(string message) : Exception(message);
