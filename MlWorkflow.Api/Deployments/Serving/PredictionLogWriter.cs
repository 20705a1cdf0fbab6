using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MlWorkflow.Api.Deployments.Serving;

/// <summary>
/// Writes the queued rows of <see cref="PredictionLog"/> to <c>prediction_logs</c> with binary COPY, up to
/// <see cref="ServingOptions.LogBatchRows"/> rows at a time, and drains the queue on shutdown. <c>inputs</c> holds the
/// model's input columns with a value (numbers as JSON numbers, other cells as the strings the model read; missing
/// values left out), <c>output</c> the prediction as the endpoint answered it. Rows it cannot write are counted as
/// unlogged in the deployment's stats.
/// </summary>
public sealed partial class PredictionLogWriter(
    NpgsqlDataSource dataSource, PredictionLog log, ServingStats stats, IOptions<ServingOptions> options, ILogger<PredictionLogWriter> logger)
    : BackgroundService
{
    private const string Copy = "COPY prediction_logs (deployment_id, model_id, created_at, inputs, output) FROM STDIN (FORMAT BINARY)";

    private readonly ArrayBufferWriter<byte> _json = new(1_024);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await log.Reader.WaitToReadAsync(stoppingToken))
            {
                // Not the stopping token: a COPY under way finishes, and the rest is drained below.
                await WriteBatchAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        log.Close();
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (log.Reader.TryPeek(out _) && !last.IsCancellationRequested)
        {
            await WriteBatchAsync(last.Token);
        }
    }

    private async Task WriteBatchAsync(CancellationToken cancellationToken)
    {
        var batch = new List<LoggedRequest>();
        var rows = 0;
        while (rows < options.Value.LogBatchRows && log.Reader.TryRead(out var request))
        {
            batch.Add(request);
            rows += request.Rows.Count;
        }
        if (batch.Count == 0)
        {
            return;
        }
        try
        {
            await CopyAsync(batch, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            // A deployment was deleted with rows still queued: write the others'.
            var kept = await LiveAsync(batch, cancellationToken);
            try
            {
                await CopyAsync(kept, cancellationToken);
            }
            catch (Exception again) when (again is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                GiveUp(kept, again);
            }
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            GiveUp(batch, e);
        }
        finally
        {
            log.Release(rows);
        }
    }

    private async Task CopyAsync(IReadOnlyList<LoggedRequest> batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var importer = await connection.BeginBinaryImportAsync(Copy, cancellationToken);
        foreach (var request in batch)
        {
            for (var r = 0; r < request.Rows.Count; r++)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(request.DeploymentId, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(request.ModelId, NpgsqlDbType.Uuid, cancellationToken);
                await importer.WriteAsync(request.At, NpgsqlDbType.TimestampTz, cancellationToken);
                await importer.WriteAsync(Inputs(request.Schema, request.Rows[r]), NpgsqlDbType.Jsonb, cancellationToken);
                await importer.WriteAsync(Output(request.Predictions[r]), NpgsqlDbType.Jsonb, cancellationToken);
            }
        }
        await importer.CompleteAsync(cancellationToken);
    }

    private async Task<List<LoggedRequest>> LiveAsync(List<LoggedRequest> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(r => r.DeploymentId).Distinct().ToArray();
        await using var command = dataSource.CreateCommand("SELECT id FROM deployments WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        var live = new HashSet<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                live.Add(reader.GetGuid(0));
            }
        }
        return [.. batch.Where(r => live.Contains(r.DeploymentId))];
    }

    private void GiveUp(IReadOnlyList<LoggedRequest> batch, Exception exception)
    {
        foreach (var request in batch)
        {
            stats.AddUnlogged(request.DeploymentId, request.Rows.Count);
        }
        LogWriteFailed(exception, batch.Sum(r => r.Rows.Count));
    }

    private string Inputs(InputRowSchema schema, string?[] cells)
    {
        _json.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_json))
        {
            writer.WriteStartObject();
            for (var c = 0; c < cells.Length; c++)
            {
                if (cells[c] is not { } cell)
                {
                    continue;
                }
                var column = schema.Columns[c];
                if (column.CellKind == InputRowSchema.Kind.Number)
                {
                    // The number's text as sent: a JSON number the reader already checked.
                    writer.WritePropertyName(column.Name);
                    writer.WriteRawValue(cell, skipInputValidation: true);
                }
                else
                {
                    writer.WriteString(column.Name, cell);
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(_json.WrittenSpan);
    }

    private string Output(Engine.Training.ModelPrediction prediction)
    {
        _json.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_json))
        {
            writer.WriteStartObject();
            if (prediction.Value is { } value)
            {
                writer.WriteNumber("value", value);
            }
            else
            {
                writer.WriteString("label", prediction.Label);
                writer.WriteStartObject("probabilities");
                foreach (var (label, p) in prediction.Probabilities!)
                {
                    writer.WriteNumber(label, p);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(_json.WrittenSpan);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Rows} rows to the prediction log; they are counted as unlogged")]
    private partial void LogWriteFailed(Exception exception, int rows);
}
