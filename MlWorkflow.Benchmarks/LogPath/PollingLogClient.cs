using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace MlWorkflow.Benchmarks.LogPath;

/// <summary>The peer: reads GET /api/logs/{id}?after= every second, all pages each time.</summary>
public sealed class PollingLogClient(ApiProcess api, Guid taskId, long after)
{
    private const int PageSize = 10_000;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public async Task<ClientObservations> ReceiveUntilAsync(long lastSeq, CancellationToken cancellationToken)
    {
        var observations = new ClientObservations();
        var next = after;
        while (next < lastSeq)
        {
            int received;
            do
            {
                var page = await api.Client.GetFromJsonAsync<JsonElement>(
                    $"/api/logs/{taskId}?after={next}&limit={PageSize}", cancellationToken);
                var arrival = Stopwatch.GetTimestamp();
                var arrivedAt = DateTimeOffset.UtcNow;
                var entries = page.GetProperty("entries");
                received = entries.GetArrayLength();
                foreach (var entry in entries.EnumerateArray())
                {
                    var seq = entry.GetProperty("seq").GetInt64();
                    if (seq != next + 1)
                    {
                        throw new InvalidOperationException($"Expected seq {next + 1}, received {seq}.");
                    }
                    observations.Add(entry.GetProperty("ts").GetDateTimeOffset(), arrivedAt, arrival);
                    next = seq;
                }
            }
            while (received == PageSize);
            if (next < lastSeq)
            {
                await Task.Delay(Interval, cancellationToken);
            }
        }
        return observations;
    }
}
