using System.Text.Json;
using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Tests.Engine.Profiling;
using Npgsql;
using NpgsqlTypes;

namespace MlWorkflow.Tests.Api;

/// <summary>
/// A dataset with a profile and no worker: uploads through the Api, profiles the same bytes with the Engine the way the
/// profile task does (profiler, target candidates, alerts), and stores the JSON exactly as the worker writes it.
/// </summary>
public static class ProfiledUploads
{
    public static readonly JsonSerializerOptions WorkerJson = new(JsonSerializerDefaults.Web);

    public static Task<Guid> UploadSampleAsync(HttpClient client, string connectionString, string sample) =>
        UploadAsync(client, connectionString, File.ReadAllBytes(Uploads.Sample(sample)), sample);

    public static async Task<Guid> UploadAsync(HttpClient client, string connectionString, byte[] bytes, string fileName = "data.csv")
    {
        var (dataset, task) = await Uploads.UploadWithTaskAsync(client, bytes, fileName);
        var id = dataset.GetProperty("id").GetGuid();
        await StoreProfileAsync(connectionString, id, task.GetProperty("id").GetGuid(), await ProfileAsync(bytes));
        return id;
    }

    /// <summary>What the worker's profile task computes (MlWorkflow.Worker/Jobs/ProfileRunner.cs).</summary>
    public static async Task<DatasetProfile> ProfileAsync(byte[] bytes)
    {
        var profile = await ProfileTestKit.ProfileAsync(bytes);
        profile = profile with { TargetCandidates = TargetDetector.Detect(profile) };
        return profile with { Alerts = ProfileAlerts.Evaluate(profile) };
    }

    /// <summary>Stores the profile, makes the dataset ready and completes its profile task, as the worker does at the end of the task.</summary>
    public static async Task StoreProfileAsync(string connectionString, Guid datasetId, Guid taskId, DatasetProfile profile)
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancel);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("UPDATE datasets SET profile = @profile, status = 'ready', profile_task_id = @task WHERE id = @id")
                {
                    Parameters =
                    {
                        new NpgsqlParameter("profile", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(profile, WorkerJson) },
                        new NpgsqlParameter("task", taskId),
                        new NpgsqlParameter("id", datasetId),
                    },
                },
                new NpgsqlBatchCommand("UPDATE tasks SET status = 'completed', progress = 100, started_at = now(), finished_at = now() WHERE id = @task")
                {
                    Parameters = { new NpgsqlParameter("task", taskId) },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(cancel);
    }

    /// <summary>The profile task id the Api recorded for a dataset.</summary>
    public static async Task<Guid> ProfileTaskIdAsync(HttpClient client, Guid datasetId) =>
        (await Uploads.GetJsonAsync(client, $"/api/datasets/{datasetId}")).GetProperty("profileTaskId").GetGuid();
}
