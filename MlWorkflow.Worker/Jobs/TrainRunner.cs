using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlWorkflow.Core.Artifacts;
using MlWorkflow.Core.Data;
using MlWorkflow.Core.Datasets;
using MlWorkflow.Core.Models;
using MlWorkflow.Core.Tasks;
using MlWorkflow.Core.Tasks.Execution;
using MlWorkflow.Core.Tasks.Logs;
using MlWorkflow.Engine;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Training;
using Npgsql;
using NpgsqlTypes;

namespace MlWorkflow.Worker.Jobs;

/// <summary>
/// The <c>train</c> task: loads the dataset (through the task's pipeline steps when it has some), runs the model search
/// with the leaderboard stored in the task's result after every trial, and, in the transaction that completes the task,
/// stores the model package and registers the model. So a failed, cancelled or killed run registers nothing, and a
/// resumed run starts the search over and registers once. A stop request (<c>tasks.stop_requested_at</c>) ends the
/// search early and keeps the best model so far.
/// </summary>
public sealed class TrainRunner(MlWorkflowDbContext db, PostgresArtifactStore store, NpgsqlDataSource dataSource, IConfiguration configuration) : ITaskRunner
{
    /// <summary>Plans above this many MiB of peak memory are refused before training (<c>Worker:MaxTrainMemoryMb</c>).</summary>
    public const int DefaultMaxTrainMemoryMb = 4_096;

    private static readonly TimeSpan s_stopPoll = TimeSpan.FromMilliseconds(500);

    public TransitionWork? OnStarting(WorkflowTask task) => null;

    public TransitionWork? OnFailed(WorkflowTask task) => null;

    public TransitionWork? OnCancelled(WorkflowTask task) => null;

    public async Task<TaskOutcome> RunAsync(WorkflowTask task, TaskLogEmitter log, CancellationToken cancellationToken)
    {
        var parameters = Read(task);
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == parameters.DatasetId, cancellationToken)
            ?? throw new TaskDataException("The dataset this model was to be trained on no longer exists (it was deleted). Upload it again and train on it.");
        if (dataset is not { Profile: { } profileJson, ArtifactId: not null })
        {
            throw new TaskDataException($"Dataset '{dataset.Name}' has no profile yet. Wait until it is ready, then train again.");
        }
        var profile = EngineJson.ReadProfile(profileJson);
        var steps = parameters.Steps.ValueKind == JsonValueKind.Array
            ? JsonSerializer.Deserialize<List<PipelineStepSpec>>(parameters.Steps.GetRawText(), EngineJson.Options) ?? []
            : [];

        var folder = JobFiles.NewFolder("train", task);
        try
        {
            var (pipelines, pipelineSteps) = ReadLineage(await DatasetLineages.PipelineLineagesAsync(db, dataset.Id, cancellationToken), dataset);
            // In here, so steps that no longer fit the profile fail the task like the preprocessor would; after the
            // ancestors, whose text_features marks make n-grams the memory must hold too.
            CheckMemory(profile, parameters, steps, PipelineColumns.TextColumns(pipelines), log);
            var (table, columns) = await LoadTableAsync(dataset, profile, parameters, steps, pipelines, folder, log, cancellationToken);
            if (steps.Count > 0)
            {
                pipelineSteps.Add(steps);
            }
            if (table.Skipped.Count > 0)
            {
                log.Emit(TaskLogLevels.Info, "load", $"Not used as features: {string.Join(", ", table.Skipped)} (a date_parts step turns dates into numbers, a text_features step free text into n-gram counts).");
            }
            log.Emit(TaskLogLevels.Info, "load", string.Format(CultureInfo.InvariantCulture,
                "Training on '{0}': {1:N0} rows ({2:N0} without a target left out), {3} features → {4} model inputs; target '{5}' ({6}{7}).",
                dataset.Name, table.Rows, table.MissingTargets, table.Encoder.Features.Count, table.Width, table.Target, parameters.Task,
                table.Classes > 0 ? $", classes {string.Join(", ", table.ClassLabels.Take(10))}{(table.Classes > 10 ? ", …" : "")}" : ""));

            var request = new TrainingRequest(parameters.Target, parameters.Task, parameters.Metric, parameters.Algorithms, parameters.TimeBudgetSeconds,
                parameters.MaxTrials, parameters.Seed, parameters.Ensemble);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var stopSignal = new CancellationTokenSource();
            var watcher = WatchForStopAsync(task.Id, stopSignal, stop.Token);
            SearchResult result;
            try
            {
                result = await new ModelSearch(table, request, PipelineColumns.Origins(pipelines))
                    .RunAsync(new EngineProgressLog(log), (_, board) => StoreLeaderboardAsync(task.Id, board, cancellationToken), stopSignal.Token, cancellationToken);
            }
            finally
            {
                await stop.CancelAsync();
                await watcher;
            }

            var package = ModelPackage.Create(result, table, request, pipelines, PipelineColumns.InputSchema(pipelines, table, columns), DateTimeOffset.UtcNow);
            var file = Path.Combine(folder, "model.zip");
            await using (var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                package.Save(output);
            }
            var modelId = Guid.CreateVersion7();
            var algorithm = result.Members.Count > 1 ? ModelAlgorithms.Ensemble : result.Members[0].Algorithm;
            TransitionWork outputs = async (connection, transaction, ct) =>
            {
                var artifact = await SaveArtifactAsync(transaction, file, ct);
                await ModelRows.InsertAsync(connection, transaction,
                    NewModel(modelId, algorithm, task, dataset, parameters, result, package, pipelineSteps, artifact), ct);
            };
            var summary = JsonSerializer.Serialize(new TrainSummary(modelId, dataset.Id, parameters.Name, parameters.Metric, result.Score, result.Metrics,
                result.Leaderboard, result.Members, result.Trials.Count, result.StoppedBy, result.Seconds, result.Validation), EngineJson.Options);
            var detail = string.Format(CultureInfo.InvariantCulture, "registered '{0}' ({1}, {2} {3:0.####}) after {4} trials in {5:0.#} s",
                parameters.Name, algorithm, parameters.Metric, result.Score, result.Trials.Count, result.Seconds);
            return new TaskOutcome(summary, detail, outputs, _ =>
            {
                JobFiles.DeleteFolder(folder);
                return Task.CompletedTask;
            });
        }
        catch (Exception e)
        {
            JobFiles.DeleteFolder(folder);
            if (DataError(e, dataset) is { } data)
            {
                throw data;
            }
            throw;
        }
    }

    private static TrainTaskParameters Read(WorkflowTask task)
    {
        try
        {
            return TrainTaskParameters.Parse(task.Parameters);
        }
        catch (JsonException e)
        {
            throw new TaskDataException($"The training request of this task cannot be read ({e.Message}). Start the training again.", e);
        }
    }

    private static (List<FittedPipeline> Fitted, List<IReadOnlyList<PipelineStepSpec>> Steps) ReadLineage(IReadOnlyList<string> lineages, Dataset dataset)
    {
        try
        {
            return PipelineLineage.Read(lineages);
        }
        catch (JsonException e)
        {
            throw new TaskDataException($"'{dataset.Name}' was made by a pipeline whose fitted state cannot be read ({e.Message}). "
                + "Run the pipeline again on the dataset it was made from and train on the dataset that makes.", e);
        }
    }

    private void CheckMemory(DatasetProfile profile, TrainTaskParameters parameters, List<PipelineStepSpec> steps, IReadOnlySet<string> textColumns, TaskLogEmitter log)
    {
        var limit = configuration.GetValue("Worker:MaxTrainMemoryMb", DefaultMaxTrainMemoryMb);
        // The steps' columns (one_hot's, date_parts') are what the trainers hold in memory.
        var plan = TrainingPlanner.Plan(profile, parameters.Target, parameters.Task, parameters.Algorithms, parameters.TimeBudgetSeconds, steps, textColumns);
        log.Emit(TaskLogLevels.Info, "plan", string.Format(CultureInfo.InvariantCulture, "Plan: {0:N0} rows × {1:N0} features, expected peak memory {2:N0} MiB (limit {3:N0} MiB); {4}",
            plan.Rows, plan.Features, plan.ExpectedPeakMemoryMb, limit, string.Join("; ", plan.Algorithms.Select(a => $"{a.Algorithm} ~{a.ExpectedTrialSeconds:0.#} s a trial"))));
        if (plan.ExpectedPeakMemoryMb > limit)
        {
            throw new TaskDataException(string.Format(CultureInfo.InvariantCulture,
                "Training this dataset is expected to need {0:N0} MiB, more than this worker's limit of {1:N0} MiB (Worker:MaxTrainMemoryMb). " +
                "Drop columns or rows (a preprocessing pipeline), or run a worker with more memory.", plan.ExpectedPeakMemoryMb, limit));
        }
    }

    /// <summary>
    /// <c>models.steps</c> ([PipelineStepSpec]): every step the model applies, in order, as it was asked for (with its
    /// params); <paramref name="steps"/> holds each pipeline's specs, beside <paramref name="pipelines"/>.
    /// </summary>
    private static List<PipelineStepSpec> ModelSteps(IReadOnlyList<FittedPipeline> pipelines, List<IReadOnlyList<PipelineStepSpec>> steps) =>
    [
        .. pipelines.SelectMany((pipeline, i) => pipeline.Steps.Select(fitted =>
            (i < steps.Count ? steps[i].FirstOrDefault(spec => spec.Id == fitted.Id) : null) ?? fitted.ToSpec())),
    ];

    /// <summary><c>models.fitted_steps</c> ([FittedStep]): what each of <see cref="ModelSteps"/> fitted, in the same order.</summary>
    private static List<FittedStep> FittedSteps(IReadOnlyList<FittedPipeline> pipelines) => [.. pipelines.SelectMany(pipeline => pipeline.Steps)];

    private async Task<(TrainingTable Table, IReadOnlyList<TableColumn> Columns)> LoadTableAsync(Dataset dataset, DatasetProfile profile,
        TrainTaskParameters parameters, List<PipelineStepSpec> steps, List<FittedPipeline> pipelines, string folder, TaskLogEmitter log, CancellationToken cancellationToken)
    {
        var dialect = new CsvDialect(dataset.Delimiter, dataset.Encoding, dataset.Quote);
        if (steps.Count == 0)
        {
            // Text a text_features step of the pipelines that made this dataset marked is read as n-grams.
            var columns = PipelineColumns.MarkText([.. profile.Columns.Select(c => new TableColumn(c.Name, c.Type))], pipelines);
            await using var stream = await JobFiles.OpenAsync(store, dataset, cancellationToken);
            return (await TrainingTable.LoadAsync(stream, dialect, columns, parameters.Target, parameters.Task, profile.MissingTokens, null, cancellationToken), columns);
        }
        log.Emit(TaskLogLevels.Info, "pipeline", $"Fitting {steps.Count(s => s.Enabled)} pipeline steps on '{dataset.Name}' first; they run inside the model.");
        var file = Path.Combine(folder, "preprocessed.csv");
        PreprocessResult preprocessed;
        await using (var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            preprocessed = await new Preprocessor(new PipelineDefinition(parameters.Target, parameters.Task, steps), profile, new PreprocessOptions(folder))
                .RunAsync(ct => JobFiles.OpenAsync(store, dataset, ct), dialect, dataset.SizeBytes, output, new EngineProgressLog(log), cancellationToken);
        }
        pipelines.Add(preprocessed.Fitted);
        var outputColumns = PipelineColumns.MarkText(PipelineColumns.Outputs(preprocessed.Fitted), pipelines);
        await using var preprocessedStream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        // The preprocessor writes every missing value as an empty field.
        var table = await TrainingTable.LoadAsync(preprocessedStream, new CsvDialect(',', CsvDialect.Utf8), outputColumns, parameters.Target, parameters.Task, [""], null, cancellationToken);
        return (table, outputColumns);
    }

    private async Task StoreLeaderboardAsync(Guid taskId, IReadOnlyList<LeaderboardEntry> leaderboard, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE tasks SET result = @result WHERE id = @id AND status = 'running'");
        command.Parameters.AddWithValue("result", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(new { leaderboard }, EngineJson.Options));
        command.Parameters.AddWithValue("id", taskId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task WatchForStopAsync(Guid taskId, CancellationTokenSource stopSignal, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await using var command = dataSource.CreateCommand("SELECT stop_requested_at IS NOT NULL FROM tasks WHERE id = @id");
                command.Parameters.AddWithValue("id", taskId);
                if (await command.ExecuteScalarAsync(cancellationToken) is true)
                {
                    await stopSignal.CancelAsync();
                    return;
                }
                await Task.Delay(s_stopPoll, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static Model NewModel(Guid id, string algorithm, WorkflowTask task, Dataset dataset, TrainTaskParameters parameters, SearchResult result,
        ModelPackage package, List<IReadOnlyList<PipelineStepSpec>> pipelineSteps, Artifact artifact)
    {
        string Json<T>(T value) => JsonSerializer.Serialize(value, EngineJson.Options);
        return new Model
        {
            Id = id,
            OwnerId = task.OwnerId,
            Name = parameters.Name,
            DatasetId = dataset.Id,
            DatasetName = dataset.Name,
            DatasetSha256 = dataset.Sha256,
            Target = parameters.Target,
            Task = parameters.Task,
            Metric = parameters.Metric,
            Algorithm = algorithm,
            Members = Json(result.Members),
            Metrics = Json(result.Metrics),
            Validation = Json(result.Validation),
            Leaderboard = Json(result.Leaderboard),
            FeatureImportance = Json(result.FeatureImportance),
            Charts = Json(result.Charts),
            Steps = Json(ModelSteps(package.Manifest.Pipelines, pipelineSteps)),
            FittedSteps = Json(FittedSteps(package.Manifest.Pipelines)),
            InputSchema = Json(package.Manifest.InputSchema),
            Labels = package.Manifest.Labels is null ? null : Json(package.Manifest.Labels),
            Seed = parameters.Seed,
            TrainTaskId = task.Id,
            ArtifactId = artifact.Id,
            SizeBytes = artifact.Length,
        };
    }

    private static async Task<Artifact> SaveArtifactAsync(NpgsqlTransaction transaction, string file, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var writer = await PostgresArtifactStore.BeginWriteAsync(transaction, "model", "application/zip", cancellationToken);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return await writer.CompleteAsync(cancellationToken);
    }

    private static TaskDataException? DataError(Exception e, Dataset dataset) => e switch
    {
        TaskDataException => null,
        TrainingDataException training => new TaskDataException($"{training.Message} {training.Fix}".Trim(), e),
        PreprocessDataException data => new TaskDataException($"{data.Message} {data.Fix}".Trim(), e),
        CsvFormatException csv => new TaskDataException(
            $"The file of '{dataset.Name}' cannot be read{(csv.Line is { } line ? $" (line {line})" : "")}: {csv.Message} {csv.Fix}", e),
        ArtifactIntegrityException => new TaskDataException(
            $"The stored file of dataset '{dataset.Name}' is damaged ({e.Message}). Delete it and upload the file again.", e),
        ArgumentException => new TaskDataException($"Training cannot run on '{dataset.Name}': {e.Message} Start it again from the dataset page.", e),
        _ => null,
    };



    /// <summary>The train task's <c>result</c> once completed (while running it holds only the leaderboard).</summary>
    private sealed record TrainSummary(Guid ModelId, Guid DatasetId, string Name, string Metric, double Score, IReadOnlyDictionary<string, double> Metrics,
        IReadOnlyList<LeaderboardEntry> Leaderboard, IReadOnlyList<ModelMember> Members, int Trials, string StoppedBy, double Seconds, ValidationInfo Validation);
}
