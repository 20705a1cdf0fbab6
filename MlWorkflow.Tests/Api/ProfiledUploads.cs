extern alias api;

using System.Text.Json;
using System.Text.Json.Nodes;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Alerts;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;
using MlWorkflow.Tests.Engine.Preprocessing;
using MlWorkflow.Tests.Engine.Profiling;
using Npgsql;
using NpgsqlTypes;
using DatasetLineage = api::MlWorkflow.Api.Preprocessing.DatasetLineage;

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

    /// <summary>
    /// A dataset the pipeline <paramref name="stepsJson"/> made from <paramref name="parentId"/> (uploaded from <paramref name="parentBytes"/>),
    /// as the preprocess task leaves it: the Engine's preprocessor runs on the parent's bytes, its output is uploaded and
    /// profiled, and linked to the parent with the lineage the Api writes plus what the run fitted.
    /// </summary>
    internal static async Task<Guid> UploadDerivedAsync(HttpClient client, string connectionString, Guid parentId, byte[] parentBytes, string target, string task,
        string stepsJson)
    {
        var run = await PreprocessTestKit.RunAsync(parentBytes, target, stepsJson);
        var id = await UploadAsync(client, connectionString, run.Csv(), "derived.csv");
        var lineage = JsonSerializer.SerializeToNode(new DatasetLineage(parentId, "parent", Guid.CreateVersion7(), target, task,
            [.. run.Result.Fitted.Steps.Select(step => step.ToSpec())]), EngineJson.Options)!.AsObject();
        lineage["fitted"] = JsonNode.Parse(run.Result.Fitted.ToJson());
        var cancel = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancel);
        await using var command = new NpgsqlCommand("UPDATE datasets SET parent_dataset_id = @parent, lineage = @lineage WHERE id = @id", connection);
        command.Parameters.AddWithValue("parent", parentId);
        command.Parameters.AddWithValue("lineage", NpgsqlDbType.Jsonb, lineage.ToJsonString());
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(cancel);
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
