using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// The budgeted model search. Every candidate is scored on validation (stratified k-fold out-of-fold predictions, repeated
/// with other folds on small data, or one stratified holdout). It first tries each trainer's portfolio of strong
/// defaults, cheapest trainers first, so a short budget still leaves a good model; then it walks locally around each
/// trainer's best configuration (FLAML's FLOW2: a random direction, then its opposite, the step halving after 2·d
/// misses), giving the next trial to the trainer with the lowest expected cost of improvement (cheap, recently
/// improving, near the top). Nothing but the budget depends on wall time: with <see cref="TrainingRequest.MaxTrials"/>
/// and the same seed, the trials and scores repeat exactly.
/// After the search, the single model is the simplest whose score is behind the best by no more than one standard error
/// of their per-fold difference (<see cref="SingleModelChoice"/>), and a greedy weighted ensemble over the best
/// candidates replaces it when it beats the best single score; the chosen members are refit on all rows, and each input
/// column's permutation importance is measured.
/// </summary>
public sealed class ModelSearch
{
    /// <summary>Candidates whose validation predictions are kept for the ensemble and importance.</summary>
    public const int PoolSize = 20;

    /// <summary>
    /// The pool also keeps within this many MiB of fold models and predictions (by the plan's estimate of each
    /// candidate): a search that walks to large forests or many-class boosting (cars' FastForests of 300 trees, digits'
    /// LightGbm) grew the process by 400–530 MiB, more than the plan said. The lowest-scoring candidates leave first.
    /// </summary>
    public const double PoolMemoryMb = 192;

    /// <summary>At most this share of the budget is left for refitting the chosen models and measuring importance.</summary>
    public const double FinishShare = 0.15;

    public const int ImportanceRepeats = 3;

    /// <summary>
    /// Importance is measured on a seeded sample of the validation rows when all of them would not fit in the budget
    /// left, but on no fewer than these (all of them when there are fewer).
    /// </summary>
    public const int MinImportanceRows = 200;

    /// <summary>Rows scored in one prediction pass of the importance (the rows times the shuffles in it).</summary>
    private const int ImportanceBatchRows = 1 << 18;

    /// <summary>Rows of the pilot pass that times importance's predictions.</summary>
    private const int PilotRows = 100;

    /// <summary>
    /// The pilot's estimate times this: the whole pass took up to 2.5× the pilot's rate on a machine whose load rose
    /// meanwhile (digits, 235 rows: 11 s against 4.4 planned).
    /// </summary>
    private const double ImportanceSafety = 2;

    /// <summary>A holdout's validation rows are dealt into this many parts, whose scores give its standard error as folds do.</summary>
    public const int HoldoutPieces = 5;

    /// <summary>The log step of a trial's line.</summary>
    public const string TrialStep = "trial";

    private readonly TrainingTable _table;
    private readonly TrainingRequest _request;
    private readonly IReadOnlyDictionary<string, string> _originalColumns;
    private readonly IReadOnlyList<(int[] Train, int[] Valid)> _splits;
    private readonly int[] _validationRows;
    private readonly float[] _validationLabels;
    private readonly int[][] _pieces;
    private readonly int _width;
    private readonly List<(string Name, IReadOnlyList<(int Start, int Count)> Ranges)> _importanceGroups;
    private readonly Dictionary<int, double> _pilotSeconds = [];

    /// <summary>
    /// <c>originalColumns</c> maps a table column made by a pipeline step (a one-hot or date-part column) to the input
    /// column it came from, so importance is reported per column the user knows; others stand for themselves.
    /// </summary>
    public ModelSearch(TrainingTable table, TrainingRequest request, IReadOnlyDictionary<string, string>? originalColumns = null, ValidationInfo? validation = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(table.Rows, 10, nameof(table));
        _table = table;
        _request = request;
        _originalColumns = originalColumns ?? new Dictionary<string, string>();
        Validation = validation ?? Folds.Choose(table.Rows);
        _splits = Folds.Splits(table, Validation, request.Seed);
        _validationRows = [.. _splits.SelectMany(split => split.Valid)];
        _validationLabels = [.. _validationRows.Select(r => table.Labels[r])];
        _pieces = Pieces(_splits);
        _width = Metrics.Width(table.Task, table.Classes);
        _importanceGroups = ImportanceGroups();
    }

    public ValidationInfo Validation { get; }

    /// <summary>The pool's memory bound in bytes (<see cref="PoolMemoryMb"/>; tests set a smaller one).</summary>
    internal double PoolBytes { get; init; } = PoolMemoryMb * (1 << 20);

    /// <summary>Runs the search. <paramref name="stop"/> ends it early keeping the best so far; <paramref name="cancellationToken"/> abandons it.</summary>
    /// <remarks><paramref name="onTrial"/> runs after each trial with the leaderboard so far, before that trial's log line.</remarks>
    public async Task<SearchResult> RunAsync(IEngineProgress progress, Func<TrialResult, IReadOnlyList<LeaderboardEntry>, Task>? onTrial,
        CancellationToken stop, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var budget = _request.TimeBudgetSeconds;
        var trainers = _request.Algorithms.Select(a => TrainerSpec.Get(a, _table.Task, _table.Classes))
            .OrderBy(PlannedSeconds).ThenBy(spec => spec.Algorithm, StringComparer.Ordinal).ToList();
        var states = trainers.ToDictionary(t => t.Algorithm, t => new TrainerState(t, _request.Seed, _request.Metric));
        var portfolio = new Queue<(TrainerSpec, IReadOnlyDictionary<string, double>)>(Enumerable.Range(0, trainers.Max(t => t.Portfolio.Count))
            .SelectMany(i => trainers.Where(t => i < t.Portfolio.Count).Select(t => (t, t.Portfolio[i]))));
        var trials = new List<TrialResult>();
        var pool = new List<Candidate>();
        // Each trainer's best stays a candidate of the final choice even when the pool has no room for it.
        var trainerBest = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        var poolBounded = false;
        var foldScores = new Dictionary<int, IReadOnlyList<double>>();
        var bestOverTime = new List<ScorePoint>();
        var stoppedBy = "budget";
        progress.Log(EngineLogLevel.Information, "plan", $"{_table.Rows} rows × {_table.Width} features; {Describe(Validation)}; {budget:0.#} s budget"
            + (_request.MaxTrials is { } max ? $", at most {max} trials" : "") + $"; trainers in order: {string.Join(", ", trainers.Select(t => t.Algorithm))}.");
        while (true)
        {
            if (stop.IsCancellationRequested)
            {
                stoppedBy = "stop";
                break;
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (trials.Count >= _request.MaxTrials)
            {
                stoppedBy = "maxTrials";
                break;
            }
            var searchEnd = budget - FinishReserve(budget, pool);
            var remaining = searchEnd - clock.Elapsed.TotalSeconds;
            var next = Next(portfolio, states, trials, remaining);
            if (next is null)
            {
                break;
            }
            var (spec, config) = next.Value;
            var deadline = trials.Count == 0 ? double.PositiveInfinity : searchEnd;
            var trial = await Task.Run(() => RunTrial(trials.Count + 1, spec, config, () => clock.Elapsed.TotalSeconds > deadline, stop, cancellationToken), CancellationToken.None);
            if (trial is null)
            {
                stoppedBy = stop.IsCancellationRequested ? "stop" : "budget";
                progress.Log(EngineLogLevel.Information, "search", stoppedBy == "stop"
                    ? $"Trial {trials.Count + 1} ({spec.Algorithm}) was stopped before it finished; it is not kept."
                    : $"Trial {trials.Count + 1} ({spec.Algorithm}) ran past the time budget and was cut at a fold; it is not kept.");
                break;
            }
            var result = trial.Value.Result with { EndedAtSeconds = Math.Round(clock.Elapsed.TotalSeconds, 2) };
            trials.Add(result);
            var state = states[spec.Algorithm];
            state.Record(config, result, clock.Elapsed.TotalSeconds);
            if (result.Error is null)
            {
                var candidate = new Candidate(result, spec, config, trial.Value.Predictions, trial.Value.FoldModels, trial.Value.FoldScores, trial.Value.PredictSeconds,
                    TrainingPlanner.CandidateBytes(spec, config, _splits.Count, _splits[0].Train.Length, TrialCost.CostClasses(_table.Task, _table.Classes),
                        _validationRows.Length, _width));
                foldScores[result.Trial] = candidate.FoldScores;
                if (!trainerBest.TryGetValue(spec.Algorithm, out var held) || Objective(result) > Objective(held.Result))
                {
                    trainerBest[spec.Algorithm] = candidate;
                }
                pool.Add(candidate);
                pool.Sort((a, b) => Objective(b.Result).CompareTo(Objective(a.Result)) is var order and not 0 ? order : a.Result.Trial.CompareTo(b.Result.Trial));
                if (pool.Count > PoolSize)
                {
                    pool.RemoveAt(pool.Count - 1);
                }
                while (pool.Count > 1 && pool.Sum(c => c.Bytes) > PoolBytes)
                {
                    if (!poolBounded)
                    {
                        poolBounded = true;
                        progress.Log(EngineLogLevel.Information, "search", $"The kept candidates reached {PoolBytes / (1 << 20):0} MiB of models and predictions "
                            + $"at trial {result.Trial}: from now on the lowest-scoring leave first (at most {PoolSize} are kept).");
                    }
                    pool.RemoveAt(pool.Count - 1);
                }
            }
            var best = pool.Count > 0 ? pool[0].Result : null;
            if (best is not null && (bestOverTime.Count == 0 || bestOverTime[^1].Score != best.Score))
            {
                bestOverTime.Add(new ScorePoint(result.EndedAtSeconds, result.Trial, best.Score));
            }
            if (onTrial is not null)
            {
                await onTrial(result, Leaderboard(trials));
            }
            progress.Log(result.Error is null ? EngineLogLevel.Information : EngineLogLevel.Warning, TrialStep, Describe(result, best));
            var done = Math.Max(clock.Elapsed.TotalSeconds / budget, _request.MaxTrials is { } maxTrials ? (double)trials.Count / maxTrials : 0);
            progress.Report(Math.Min(90, 90 * done), "search");
        }
        if (pool.Count == 0)
        {
            var failure = trials.LastOrDefault(t => t.Error is not null)?.Error;
            throw new TrainingDataException(
                trials.Count == 0 ? "The search stopped before any trial ran." : $"No trial succeeded ({trials.Count} tried); the last error: {failure}",
                trials.Count == 0 ? "Give the search a longer time budget, or let it run before stopping it." : "Check the target and the features, or try other algorithms.");
        }
        progress.Log(EngineLogLevel.Information, "search", $"Search ended ({StopReason(stoppedBy)}) after {trials.Count} trials in {clock.Elapsed.TotalSeconds:0.0} s; best: {Describe(pool[0].Result, null)}.");
        var singles = pool.Concat(trainerBest.Values.Where(c => !pool.Contains(c)).OrderBy(c => c.Result.Trial)).ToList();
        return await Task.Run(() => Finish(trials, pool, singles, foldScores, bestOverTime, stoppedBy, progress, clock, cancellationToken), CancellationToken.None);
    }

    /// <summary>
    /// Time kept for the finish: three refits of the best candidate (an ensemble's members are about as costly), the
    /// importance of three such models on the fewest rows it takes, and a second, between 3 % and
    /// <see cref="FinishShare"/> of the budget.
    /// </summary>
    private double FinishReserve(double budget, List<Candidate> pool)
    {
        if (pool.Count == 0)
        {
            return FinishShare * budget;
        }
        var importance = 3 * pool[0].PredictSeconds * Math.Min(1, (double)MinImportanceRows / _validationRows.Length) * _importanceGroups.Count * ImportanceRepeats;
        return Math.Clamp((3 * RefitSeconds(pool[0])) + importance + 1, 0.03 * budget, FinishShare * budget);
    }

    /// <summary>A candidate's fit on all rows, from its trial: one fold's fit scaled by the rows it will see.</summary>
    private double RefitSeconds(Candidate candidate) =>
        candidate.Result.TrainSeconds / _splits.Count * (Validation.Folds is { } k ? k / (k - 1.0) : 1.25);

    private double Objective(TrialResult result) => result.Error is null ? Metrics.Objective(_request.Metric, result.Score) : double.NegativeInfinity;

    /// <summary>
    /// The cost model's seconds of a trial of the trainer's first default (the plan orders trainers the same way),
    /// deterministic so that it can order trainers. <see cref="ExpectedSeconds"/> calibrates it by what ran.
    /// </summary>
    private double PlannedSeconds(TrainerSpec spec) => _splits.Count * PlannedFitSeconds(spec, spec.Portfolio[0]);

    /// <summary>
    /// A trainer's mean measured trial time, else its plan scaled by the measured trainer that came closest to its own
    /// plan (the first trial of a process also pays for compiling ML.NET; a trial that overruns is cut at a fold anyway).
    /// </summary>
    private double ExpectedSeconds(TrainerState state, IEnumerable<TrainerState> all)
    {
        if (state.MeanSeconds is { } measured)
        {
            return measured;
        }
        var ratios = all.Where(s => s.MeanSeconds is not null).Select(s => s.MeanSeconds!.Value / PlannedSeconds(s.Spec)).Order().ToList();
        return PlannedSeconds(state.Spec) * (ratios.Count == 0 ? 1 : ratios[0]);
    }

    private (TrainerSpec, IReadOnlyDictionary<string, double>)? Next(Queue<(TrainerSpec Spec, IReadOnlyDictionary<string, double> Config)> portfolio,
        Dictionary<string, TrainerState> states, List<TrialResult> trials, double remaining)
    {
        bool Affordable(TrainerState state) => trials.Count == 0 || ExpectedSeconds(state, states.Values) <= remaining;
        while (portfolio.Count > 0)
        {
            var (spec, config) = portfolio.Dequeue();
            if (Affordable(states[spec.Algorithm]))
            {
                return (spec, config);
            }
        }
        var ranked = states.Values.Where(s => s.BestObjective > double.NegativeInfinity).OrderByDescending(s => s.BestObjective).ToList();
        var choice = ranked.Where(Affordable)
            .OrderBy(s => PlannedSeconds(s.Spec) * (1 + s.MissesSinceImprovement) * (1 + ranked.IndexOf(s)))
            .ThenBy(s => s.Spec.Algorithm, StringComparer.Ordinal)
            .FirstOrDefault();
        if (choice is null)
        {
            return null;
        }
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var config = choice.Propose();
            if (!choice.Tried(config))
            {
                return (choice.Spec, config);
            }
            choice.Record(config, null, 0);
        }
        return (choice.Spec, choice.Propose());
    }

    /// <returns>Null when stopped or past the deadline between folds.</returns>
    private (TrialResult Result, double[] Predictions, ITransformer[] FoldModels, double[] FoldScores, double PredictSeconds)? RunTrial(int number, TrainerSpec spec, IReadOnlyDictionary<string, double> config,
        Func<bool> pastDeadline, CancellationToken stop, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var predictions = new double[_validationRows.Length * _width];
        var models = new ITransformer[_splits.Count];
        var offset = 0;
        var predictTicks = 0L;
        try
        {
            for (var s = 0; s < _splits.Count; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (stop.IsCancellationRequested || (s > 0 && pastDeadline()))
                {
                    return null;
                }
                var (train, valid) = _splits[s];
                var context = new MLContext(_request.Seed);
                models[s] = spec.Build(context, config, _request.Seed, (long)train.Length * _table.Width).Fit(new MatrixDataView(_table, train));
                var predictStarted = Stopwatch.GetTimestamp();
                ModelScoring.Predict(models[s], new MatrixDataView(_table, valid, withLabel: false), _table.Task, _table.Classes).CopyTo(predictions, offset);
                predictTicks += Stopwatch.GetTimestamp() - predictStarted;
                offset += valid.Length * _width;
            }
            var score = Metrics.Score(_request.Metric, _validationLabels, predictions, _table.Classes);
            return (new TrialResult(number, spec.Algorithm, config, Math.Round(score, 6), Math.Round(clock.Elapsed.TotalSeconds, 3)), predictions, models, FoldScores(predictions),
                Stopwatch.GetElapsedTime(0, predictTicks).TotalSeconds);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return (new TrialResult(number, spec.Algorithm, config, double.NaN, Math.Round(clock.Elapsed.TotalSeconds, 3), exception.Message), predictions, models, [], 0);
        }
    }

    /// <summary>
    /// Positions in the validation arrays of each fold's rows (cross-validation), or of <see cref="HoldoutPieces"/>
    /// interleaved parts of the one holdout (its rows are a random sample, so every part is one too).
    /// </summary>
    private static int[][] Pieces(IReadOnlyList<(int[] Train, int[] Valid)> splits)
    {
        if (splits.Count == 1)
        {
            var rows = splits[0].Valid.Length;
            return [.. Enumerable.Range(0, Math.Min(HoldoutPieces, rows)).Select(k => Enumerable.Range(0, rows).Where(i => i % HoldoutPieces == k).ToArray())];
        }
        var pieces = new int[splits.Count][];
        var offset = 0;
        for (var s = 0; s < splits.Count; s++)
        {
            pieces[s] = Enumerable.Range(offset, splits[s].Valid.Length).ToArray();
            offset += splits[s].Valid.Length;
        }
        return pieces;
    }

    /// <summary>The metric on each fold's (or holdout part's) rows alone: their spread is the score's noise.</summary>
    private double[] FoldScores(double[] predictions)
    {
        var scores = new double[_pieces.Length];
        for (var p = 0; p < _pieces.Length; p++)
        {
            var piece = _pieces[p];
            var labels = new float[piece.Length];
            var values = new double[piece.Length * _width];
            for (var j = 0; j < piece.Length; j++)
            {
                labels[j] = _validationLabels[piece[j]];
                Array.Copy(predictions, piece[j] * _width, values, j * _width, _width);
            }
            scores[p] = Math.Round(Metrics.Score(_request.Metric, labels, values, _table.Classes), 6);
        }
        return scores;
    }

    /// <summary>The cost model's seconds of one fit of a configuration on this table's training split: the search's deterministic measure of a model's cost.</summary>
    private double PlannedFitSeconds(TrainerSpec spec, IReadOnlyDictionary<string, double> config) =>
        TrialCost.FitSeconds(spec.Algorithm, _splits[0].Train.Length, _table.Width, TrialCost.CostClasses(_table.Task, _table.Classes), config);

    private SearchResult Finish(List<TrialResult> trials, List<Candidate> pool, List<Candidate> singles, Dictionary<int, IReadOnlyList<double>> foldScores,
        List<ScorePoint> bestOverTime, string stoppedBy, IEngineProgress progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        var (bestIndex, singleIndex, standardError) = SingleModelChoice.Choose([.. singles.Select(c => new SingleModelChoice.Option(c.Result.Trial, Objective(c.Result),
            [.. c.FoldScores.Select(s => Metrics.Objective(_request.Metric, s))], c.Spec.Linear, PlannedFitSeconds(c.Spec, c.Config)))], Validation.Folds);
        var single = singles[singleIndex];
        var best = singles[bestIndex];
        progress.Log(EngineLogLevel.Information, "choice", singleIndex == bestIndex
            ? $"Trial {best.Result.Trial} ({best.Spec.Algorithm}) scores best, {_request.Metric} {best.Result.Score:0.####}, and no simpler model is within one "
                + $"standard error of its difference from it over the {FoldsText}: it is the single model."
            : $"Trial {best.Result.Trial} ({best.Spec.Algorithm}) scores best, {_request.Metric} {best.Result.Score:0.####}; trial {single.Result.Trial} "
                + $"({single.Spec.Algorithm}, {single.Result.Score:0.####}) is within one standard error of the difference ({standardError:0.####} over the "
                + $"{FoldsText}) and simpler ({(single.Spec.Linear && !best.Spec.Linear ? "linear" : "cheaper to fit")}): it is the single model.");
        var chosen = new List<(Candidate Candidate, double Weight)> { (single, 1) };
        var validation = single.Predictions;
        if (_request.Ensemble && pool.Count > 1)
        {
            var (options, counts, score) = Ensemble(pool, single, clock, progress);
            var members = Enumerable.Range(0, options.Count).Where(i => counts[i] > 0).ToList();
            // The bar is the best single score, not the chosen model's: the ensemble is picked on the same noisy
            // validation rows and is the most complex model, so clearing the lower bar of a model chosen for its
            // simplicity would bring back the luck the one-standard-error rule just discounted.
            if (members.Count > 1 && Metrics.Objective(_request.Metric, score) > Objective(pool[0].Result) + 1e-9)
            {
                var total = (double)counts.Sum();
                chosen = [.. members.Select(i => (options[i], counts[i] / total))];
                validation = Combine(chosen.Select(c => (c.Candidate.Predictions, c.Weight)));
                progress.Log(EngineLogLevel.Information, "ensemble", $"Weighted ensemble of {chosen.Count}: {_request.Metric} {score:0.####} beats the best single model's "
                    + $"{pool[0].Result.Score:0.####}; weights {string.Join(", ", chosen.Select(c => $"trial {c.Candidate.Result.Trial} {c.Candidate.Spec.Algorithm} {c.Weight:0.##}"))}.");
            }
            else
            {
                progress.Log(EngineLogLevel.Information, "ensemble", $"No ensemble beats trial {pool[0].Result.Trial} ({pool[0].Result.Score:0.####}): "
                    + $"the single model, trial {single.Result.Trial}, is the model.");
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        progress.Report(92, "refit");
        var all = Enumerable.Range(0, _table.Rows).ToArray();
        var refit = new List<ITransformer>();
        foreach (var (candidate, _) in chosen)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = clock.Elapsed.TotalSeconds;
            refit.Add(candidate.Spec.Build(new MLContext(_request.Seed), candidate.Config, _request.Seed, (long)_table.Rows * _table.Width).Fit(new MatrixDataView(_table, all)));
            progress.Log(EngineLogLevel.Information, "refit", $"Refit trial {candidate.Result.Trial} ({candidate.Spec.Algorithm}) on all {_table.Rows} rows in {clock.Elapsed.TotalSeconds - started:0.0} s.");
        }
        progress.Report(96, "importance");
        var importance = Importance(chosen, validation, _request.TimeBudgetSeconds - clock.Elapsed.TotalSeconds, progress, cancellationToken);
        var metrics = Metrics.All(_table.Task, _validationLabels, validation, _table.Classes);
        var charts = Charts(validation, bestOverTime);
        progress.Report(100, "done");
        return new SearchResult(
            Validation,
            [.. trials],
            Leaderboard(trials),
            [.. chosen.Select(c => new ModelMember(c.Candidate.Spec.Algorithm, c.Candidate.Config, Math.Round(c.Weight, 6)))],
            refit,
            metrics,
            metrics[_request.Metric],
            importance,
            charts,
            stoppedBy,
            Math.Round(clock.Elapsed.TotalSeconds, 3),
            new ModelSelection(best.Result.Trial, best.Result.Score, single.Result.Trial, Math.Round(standardError, 6), chosen.Count > 1),
            foldScores);
    }

    /// <summary>
    /// The greedy ensemble over the pool. When finishing it (refitting its members, then importance on the fewest rows)
    /// would overrun the budget, and cost more than finishing the single model, which is paid anyway, the costliest
    /// member leaves the pool and the selection runs again.
    /// </summary>
    private (List<Candidate> Options, int[] Counts, double Score) Ensemble(List<Candidate> pool, Candidate single, Stopwatch clock, IEngineProgress progress)
    {
        var options = pool.ToList();
        // Half as much again on refits: a refit's time scales worse than linearly with rows for some trainers (forests)
        // and varies with the machine's load.
        double Finish(Candidate candidate) => (1.5 * RefitSeconds(candidate)) + MinimumImportanceSeconds(candidate);
        while (true)
        {
            var (counts, score) = EnsembleSelection.Select([.. options.Select(c => c.Predictions)], _validationLabels, _request.Metric, _table.Classes);
            var members = Enumerable.Range(0, options.Count).Where(i => counts[i] > 0).ToList();
            var finish = members.Sum(i => Finish(options[i]));
            var left = _request.TimeBudgetSeconds - clock.Elapsed.TotalSeconds;
            if (members.Count <= 1 || finish <= Math.Max(left, Finish(single)))
            {
                return (options, counts, score);
            }
            var costliest = members.MaxBy(i => Finish(options[i]));
            progress.Log(EngineLogLevel.Information, "ensemble", $"Finishing the ensemble of {members.Count} (refits and importance) would take about {finish:0.0} s with "
                + $"{Math.Max(0, left):0.0} s of the budget left: choosing again without trial {options[costliest].Result.Trial} ({options[costliest].Spec.Algorithm}, "
                + $"about {Finish(options[costliest]):0.0} s).");
            options.RemoveAt(costliest);
        }
    }

    /// <summary>A candidate's share of importance measured on the fewest rows it takes, timed by a pilot pass.</summary>
    private double MinimumImportanceSeconds(Candidate candidate) =>
        ImportanceSafety * PilotSecondsPerRow(candidate) * Math.Min(_validationRows.Length, MinImportanceRows) * _importanceGroups.Count * ImportanceRepeats;

    private double[] Combine(IEnumerable<(double[] Predictions, double Weight)> members)
    {
        var combined = new double[_validationRows.Length * _width];
        foreach (var (predictions, weight) in members)
        {
            for (var i = 0; i < combined.Length; i++)
            {
                combined[i] += weight * predictions[i];
            }
        }
        return combined;
    }

    /// <summary>
    /// Permutation importance per input column: its slots (all one-hot slots of a category, all columns a step made from
    /// it) are shuffled together within each validation split, the split's own fold models predict again, and the drop in
    /// the metric is the importance (mean and std over <see cref="ImportanceRepeats"/> shuffles). Every shuffle of a
    /// split is scored in one prediction pass (<see cref="MatrixDataView"/>'s permuted copies). When a timed pilot pass
    /// says all validation rows would not fit in <paramref name="secondsLeft"/>, a seeded sample of them (at least
    /// <see cref="MinImportanceRows"/>) is used.
    /// </summary>
    private List<FeatureImportance> Importance(List<(Candidate Candidate, double Weight)> chosen, double[] baseline, double secondsLeft,
        IEngineProgress progress, CancellationToken cancellationToken)
    {
        var groups = _importanceGroups;
        var total = _validationRows.Length;
        var perRow = ImportanceSafety * chosen.Sum(c => PilotSecondsPerRow(c.Candidate)) * groups.Count * ImportanceRepeats;
        var size = perRow > 0 && secondsLeft < perRow * total ? Math.Clamp((int)(Math.Max(0, secondsLeft) / perRow), Math.Min(total, MinImportanceRows), total) : total;
        var sample = ImportanceSample(size);
        var positions = sample.SelectMany(s => s.Positions).ToArray();
        size = positions.Length;
        var labels = positions.Select(p => _validationLabels[p]).ToArray();
        if (size < total)
        {
            progress.Log(EngineLogLevel.Information, "importance", $"Permutation importance on {positions.Length} of the {total} validation rows (a seeded sample): "
                + $"all of them would take about {perRow * total:0.0} s with {Math.Max(0, secondsLeft):0.0} s of the budget left.");
        }
        var baseObjective = Metrics.Objective(_request.Metric, Metrics.Score(_request.Metric, labels, Gather(baseline, positions), _table.Classes));
        var result = new List<FeatureImportance>();
        var perPass = Math.Max(1, ImportanceBatchRows / Math.Max(1, size * ImportanceRepeats));
        for (var first = 0; first < groups.Count; first += perPass)
        {
            var chunk = Enumerable.Range(first, Math.Min(perPass, groups.Count - first)).ToList();
            var copies = chunk.SelectMany(g => Enumerable.Range(0, ImportanceRepeats).Select(repeat => (Group: g, Repeat: repeat))).ToList();
            var permuted = copies.Select(_ => new double[size * _width]).ToArray();
            var offset = 0;
            foreach (var (split, rows, _) in sample)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var permutations = copies.Select(c =>
                {
                    var source = Enumerable.Range(0, rows.Length).ToArray();
                    new Random(StableSeed.Of(_request.Seed, c.Group, c.Repeat, split)).Shuffle(source);
                    return new Permutation(groups[c.Group].Ranges, source);
                }).ToList();
                var view = new MatrixDataView(_table, rows, withLabel: false, permutations);
                var length = rows.Length * _width;
                foreach (var (candidate, weight) in chosen)
                {
                    var predictions = ModelScoring.Predict(candidate.FoldModels[split], view, _table.Task, _table.Classes);
                    for (var c = 0; c < copies.Count; c++)
                    {
                        var target = permuted[c].AsSpan(offset, length);
                        var from = predictions.AsSpan(c * length, length);
                        for (var i = 0; i < length; i++)
                        {
                            target[i] += weight * from[i];
                        }
                    }
                }
                offset += length;
            }
            foreach (var g in chunk)
            {
                var drops = Enumerable.Range(0, ImportanceRepeats).Select(repeat => baseObjective
                    - Metrics.Objective(_request.Metric, Metrics.Score(_request.Metric, labels, permuted[copies.IndexOf((g, repeat))], _table.Classes))).ToArray();
                var mean = drops.Average();
                var std = Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / drops.Length);
                result.Add(new FeatureImportance(groups[g].Name, Math.Round(mean, 6), Math.Round(std, 6)));
            }
        }
        return [.. result.OrderByDescending(r => r.Importance).ThenBy(r => r.Feature, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Seconds per validation row of one shuffle scored by the candidate, timed once on a few rows of the first split in
    /// one pass of permuted copies, as importance scores them.
    /// </summary>
    private double PilotSecondsPerRow(Candidate candidate)
    {
        if (_pilotSeconds.TryGetValue(candidate.Result.Trial, out var seconds) || _importanceGroups.Count == 0)
        {
            return seconds;
        }
        var rows = _splits[0].Valid[..Math.Min(PilotRows, _splits[0].Valid.Length)];
        var identity = Enumerable.Range(0, rows.Length).ToArray();
        var view = new MatrixDataView(_table, rows, withLabel: false,
            [.. Enumerable.Range(0, ImportanceRepeats).Select(_ => new Permutation(_importanceGroups[0].Ranges, identity))]);
        var started = Stopwatch.GetTimestamp();
        ModelScoring.Predict(candidate.FoldModels[0], view, _table.Task, _table.Classes);
        return _pilotSeconds[candidate.Result.Trial] = Stopwatch.GetElapsedTime(started).TotalSeconds / (rows.Length * ImportanceRepeats);
    }

    /// <summary>The input columns importance is reported for, each with its slots in the feature vector.</summary>
    private List<(string Name, IReadOnlyList<(int Start, int Count)> Ranges)> ImportanceGroups() => [.. _table.Encoder.Features
        .Select((feature, index) => (Original: _originalColumns.GetValueOrDefault(feature.Name, feature.Name), Range: (_table.Encoder.Offsets[index], feature.Width)))
        .GroupBy(g => g.Original, StringComparer.Ordinal)
        .Select(g => (g.Key, (IReadOnlyList<(int, int)>)[.. g.Select(x => x.Range)]))];

    /// <summary>
    /// About <paramref name="size"/> validation rows, each split in proportion to its share and in table order: per split,
    /// its index, the table rows and their positions in the validation arrays. All of them when the size is the total.
    /// </summary>
    private List<(int Split, int[] Rows, int[] Positions)> ImportanceSample(int size)
    {
        var total = _validationRows.Length;
        var sample = new List<(int, int[], int[])>();
        var offset = 0;
        for (var s = 0; s < _splits.Count; s++)
        {
            var valid = _splits[s].Valid;
            var picked = Enumerable.Range(0, valid.Length).ToArray();
            if (size < total)
            {
                new Random(StableSeed.Of(_request.Seed, s, valid.Length)).Shuffle(picked);
                picked = [.. picked.Take(Math.Max(1, (int)Math.Round((double)size * valid.Length / total))).Order()];
            }
            sample.Add((s, [.. picked.Select(i => valid[i])], [.. picked.Select(i => offset + i)]));
            offset += valid.Length;
        }
        return sample;
    }

    private double[] Gather(double[] predictions, int[] positions)
    {
        var gathered = new double[positions.Length * _width];
        for (var j = 0; j < positions.Length; j++)
        {
            Array.Copy(predictions, positions[j] * _width, gathered, j * _width, _width);
        }
        return gathered;
    }

    private EvaluationCharts Charts(double[] predictions, List<ScorePoint> bestOverTime)
    {
        // The first repeat's folds hold every row once: the charts count rows, not rows × repeats.
        var rows = _splits.Take(Validation.Folds ?? 1).Sum(split => split.Valid.Length);
        var labels = _validationLabels[..rows];
        var validation = predictions[..(rows * _width)];
        if (_table.Task == TargetTasks.Regression)
        {
            var step = Math.Max(1, labels.Length / 500);
            var points = Enumerable.Range(0, labels.Length).Where(i => i % step == 0)
                .Select(i => new RegressionPoint(Math.Round(labels[i], 6), Math.Round(validation[i], 6))).ToList();
            return new EvaluationCharts(PredictedVsActual: points, Residuals: ResidualHistogram(labels, validation), BestScoreOverTime: bestOverTime);
        }
        var confusion = Metrics.Confusion(labels, validation, _table.Classes);
        var matrix = new ConfusionMatrix(_table.ClassLabels,
            [.. Enumerable.Range(0, _table.Classes).Select(r => (IReadOnlyList<long>)[.. Enumerable.Range(0, _table.Classes).Select(c => confusion[r, c])])]);
        return new EvaluationCharts(matrix, _table.Task == TargetTasks.Binary ? Roc(labels, validation) : null, BestScoreOverTime: bestOverTime);
    }

    private static List<RocPoint> Roc(float[] labels, double[] predictions)
    {
        var order = Enumerable.Range(0, labels.Length).OrderByDescending(i => predictions[(2 * i) + 1]).ToArray();
        double positives = labels.Count(l => l > 0.5f), negatives = labels.Length - positives;
        var points = new List<RocPoint> { new(0, 0, 1) };
        double tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]] > 0.5f)
            {
                tp++;
            }
            else
            {
                fp++;
            }
            var last = k == order.Length - 1 || predictions[(2 * order[k + 1]) + 1] != predictions[(2 * order[k]) + 1];
            if (last)
            {
                points.Add(new RocPoint(negatives == 0 ? 0 : Math.Round(fp / negatives, 4), positives == 0 ? 0 : Math.Round(tp / positives, 4),
                    Math.Round(predictions[(2 * order[k]) + 1], 4)));
            }
        }
        var step = Math.Max(1, points.Count / 200);
        return [.. points.Where((_, i) => i % step == 0 || i == points.Count - 1)];
    }

    private static Histogram ResidualHistogram(float[] labels, double[] predictions)
    {
        var residuals = labels.Select((y, i) => y - predictions[i]).ToArray();
        double min = residuals.Min(), max = residuals.Max();
        const int Bins = 20;
        var width = max > min ? (max - min) / Bins : 1;
        var counts = new long[Bins];
        foreach (var r in residuals)
        {
            counts[Math.Min(Bins - 1, (int)((r - min) / width))]++;
        }
        return new Histogram([.. Enumerable.Range(0, Bins + 1).Select(i => Math.Round(min + (i * width), 6))], counts);
    }

    private List<LeaderboardEntry> Leaderboard(List<TrialResult> trials) =>
    [
        .. trials.OrderBy(t => t.Error is null ? 0 : 1).ThenByDescending(Objective).ThenBy(t => t.Trial)
            .Select((t, i) => new LeaderboardEntry(i + 1, t.Trial, t.Algorithm, t.Hyperparameters, t.Error is null ? t.Score : null, t.TrainSeconds, t.Error)
            {
                EndedAtSeconds = t.EndedAtSeconds,
            }),
    ];

    private static string Describe(ValidationInfo validation) => validation.Method == ValidationInfo.CrossValidation
        ? $"stratified {validation.Folds}-fold cross-validation{(validation.Repeats is { } repeats ? $" repeated {repeats} times" : "")}"
        : $"stratified holdout of {validation.HoldoutFraction:0.##%}";

    private string FoldsText => Validation.Repeats is { } repeats ? $"{Validation.Folds} folds, {repeats} times" : $"{_pieces.Length} folds";

    private static string StopReason(string stoppedBy) => stoppedBy switch
    {
        "stop" => "stopped by request",
        "maxTrials" => "trial limit reached",
        _ => "time budget spent",
    };

    private string Describe(TrialResult trial, TrialResult? best)
    {
        var parameters = string.Join(", ", trial.Hyperparameters.Select(p => $"{p.Key}={p.Value.ToString("0.#####", CultureInfo.InvariantCulture)}"));
        var outcome = trial.Error is null ? $"{_request.Metric} {trial.Score:0.####}" : $"failed: {trial.Error}";
        var mark = best is not null && best.Trial == trial.Trial ? " · best so far" : "";
        return $"Trial {trial.Trial} · {trial.Algorithm} ({parameters}) · {outcome} · {trial.TrainSeconds:0.0} s{mark}";
    }

    /// <summary>A scored trial kept for the final choice; <c>PredictSeconds</c> is what predicting every validation row took in it.</summary>
    private sealed record Candidate(TrialResult Result, TrainerSpec Spec, IReadOnlyDictionary<string, double> Config, double[] Predictions, ITransformer[] FoldModels,
        double[] FoldScores, double PredictSeconds, double Bytes);

    /// <summary>One trainer's local search (FLOW2): the incumbent point in the unit cube, the step, the pending direction.</summary>
    private sealed class TrainerState(TrainerSpec spec, int seed, string metric)
    {
        private readonly Random _random = new(StableSeed.Of(seed, StableSeed.Of(spec.Algorithm)));
        private readonly HashSet<string> _tried = [];
        private readonly double _initialStep = 0.1 * Math.Sqrt(spec.Space.Count);
        private double[]? _incumbent;
        private double[]? _direction;
        private bool _triedOpposite;
        private double _step = 0.1 * Math.Sqrt(spec.Space.Count);
        private int _misses;
        private double _secondsTotal;
        private int _timed;

        public TrainerSpec Spec { get; } = spec;

        public double BestObjective { get; private set; } = double.NegativeInfinity;

        public int MissesSinceImprovement { get; private set; }

        public double? MeanSeconds => _timed == 0 ? null : _secondsTotal / _timed;

        public bool Tried(IReadOnlyDictionary<string, double> config) => _tried.Contains(Key(config));

        public IReadOnlyDictionary<string, double> Propose()
        {
            var d = Spec.Space.Count;
            if (_direction is not null && !_triedOpposite)
            {
                _triedOpposite = true;
                return FromUnit(_incumbent!.Select((x, i) => x - (_step * _direction[i])).ToArray());
            }
            var direction = new double[d];
            double norm = 0;
            for (var i = 0; i < d; i++)
            {
                // Box–Muller: a Gaussian direction is uniform on the sphere once normalised.
                direction[i] = Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
                norm += direction[i] * direction[i];
            }
            norm = Math.Sqrt(norm);
            _direction = [.. direction.Select(x => x / (norm > 0 ? norm : 1))];
            _triedOpposite = false;
            return FromUnit(_incumbent!.Select((x, i) => x + (_step * _direction[i])).ToArray());
        }

        /// <summary>Notes a trial's outcome (null: a duplicate proposal that was not run, a miss).</summary>
        public void Record(IReadOnlyDictionary<string, double> config, TrialResult? result, double elapsed)
        {
            _tried.Add(Key(config));
            var objective = double.NegativeInfinity;
            if (result is not null)
            {
                _secondsTotal += result.TrainSeconds;
                _timed++;
                objective = result.Error is null ? (double.IsNaN(result.Score) ? double.NegativeInfinity : Metrics.Objective(metric, result.Score)) : double.NegativeInfinity;
            }
            if (objective > BestObjective)
            {
                BestObjective = objective;
                _incumbent = [.. Spec.Space.Select(p => p.ToUnit(config[p.Name]))];
                _direction = null;
                _misses = 0;
                MissesSinceImprovement = 0;
                return;
            }
            MissesSinceImprovement++;
            if (_incumbent is null)
            {
                return;
            }
            if (++_misses >= 2 * Spec.Space.Count)
            {
                _misses = 0;
                _step /= 2;
                if (_step < 0.0001 * Math.Sqrt(Spec.Space.Count))
                {
                    _step = _initialStep;
                }
            }
            if (_triedOpposite)
            {
                _direction = null;
            }
        }

        private Dictionary<string, double> FromUnit(double[] unit) =>
            Spec.Space.Select((p, i) => (p.Name, Value: p.FromUnit(unit[i]))).ToDictionary(p => p.Name, p => p.Value);

        private static string Key(IReadOnlyDictionary<string, double> config) =>
            string.Join(";", config.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.ToString("R", CultureInfo.InvariantCulture)}"));
    }
}

/// <summary>
/// What the search found: every trial, the ranked leaderboard, the chosen members (refit on all rows) and their
/// validation evaluation, how the model was chosen, and each successful trial's score per fold (per holdout part).
/// </summary>
public sealed record SearchResult(
    ValidationInfo Validation,
    IReadOnlyList<TrialResult> Trials,
    IReadOnlyList<LeaderboardEntry> Leaderboard,
    IReadOnlyList<ModelMember> Members,
    IReadOnlyList<ITransformer> Models,
    IReadOnlyDictionary<string, double> Metrics,
    double Score,
    IReadOnlyList<FeatureImportance> FeatureImportance,
    EvaluationCharts Charts,
    string StoppedBy,
    double Seconds,
    ModelSelection Selection,
    IReadOnlyDictionary<int, IReadOnlyList<double>> FoldScores);

/// <summary>
/// How the model was chosen: the best-scoring trial, the single model the one-standard-error rule chose
/// (<see cref="SingleModelTrial"/>: the best trial itself unless a simpler one is behind it by no more than
/// <see cref="StandardError"/>, the standard error of their per-fold differences; 0 when it is the best), and whether the
/// weighted ensemble replaced that model.
/// </summary>
public sealed record ModelSelection(int BestTrial, double BestScore, int SingleModelTrial, double StandardError, bool Ensemble);
