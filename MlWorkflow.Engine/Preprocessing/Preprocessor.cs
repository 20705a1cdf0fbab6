using System.Diagnostics;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Suggestions;
using MlWorkflow.Engine.Training;

namespace MlWorkflow.Engine.Preprocessing;

/// <summary>
/// Fits a pipeline on a file and writes the transformed file, streaming in bounded memory: the first read applies the row
/// filters and keeps, per column a step learns from, its values in a temporary spill (numbers) or its value counts
/// (text); each column's steps are then fitted in order from that; the second read writes every kept row through the
/// fitted steps. Step semantics are sklearn's (DESIGN "Preprocessing").
/// </summary>
public sealed class Preprocessor(PipelineDefinition pipeline, DatasetProfile profile, PreprocessOptions options)
{
    private const int SpillBlock = 65_536;

    /// <param name="openInput">Opens the file from its first byte; called once per read (twice).</param>
    /// <param name="dialect">As found by <see cref="CsvInspector"/>.</param>
    /// <param name="totalBytes">The file's length, for progress over both reads (0 when unknown).</param>
    /// <param name="output">Receives UTF-8 CSV: no byte-order mark, comma, RFC 4180 quoting, \n line ends, the header first.</param>
    /// <param name="progress">Receives progress by bytes over both reads, and a log line per fitted column of each step.</param>
    /// <param name="cancellationToken">Checked after every block of 64 KiB and between columns while fitting.</param>
    /// <exception cref="ArgumentException">The pipeline does not pass <see cref="PipelineValidator"/> for the profile, or the file's header is not the profile's.</exception>
    /// <exception cref="PreprocessDataException">A step cannot run on the data.</exception>
    /// <exception cref="CsvFormatException">The file breaks the rules the inspector checks.</exception>
    public async Task<PreprocessResult> RunAsync(Func<CancellationToken, Task<Stream>> openInput, CsvDialect dialect, long totalBytes,
        Stream output, IEngineProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openInput);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(progress);
        var stopwatch = Stopwatch.StartNew();
        var plan = new PipelinePlan(pipeline, profile);
        var columns = plan.Columns.Select(c => c.Name).ToList();
        var reporter = new PassProgress(totalBytes, progress);
        progress.Log(EngineLogLevel.Information, "start", $"preprocess {columns.Count} columns with {plan.Steps.Count} enabled steps, target `{plan.Target}`");

        using var fit = new FitPass(plan, profile.MissingTokens, dialect, options.TempDirectory);
        await using (var input = await openInput(cancellationToken))
        {
            await fit.ReadAsync(input, bytes => reporter.Advance(bytes, "fit"), cancellationToken);
        }
        var fitted = Fit(plan, fit, progress, cancellationToken);

        var transformer = new RowTransformer(fitted);
        var csv = new CsvOutput(output);
        foreach (var name in fitted.Outputs)
        {
            csv.Text(name);
        }
        csv.EndRow();
        var pass = new TransformPass(columns, dialect, transformer, fit.Kept, csv);
        await using (var input = await openInput(cancellationToken))
        {
            await pass.ReadAsync(input, async bytes =>
            {
                await reporter.Advance(bytes, "transform");
                await csv.FlushAsync(cancellationToken);
            }, cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
        await output.FlushAsync(cancellationToken);
        var rowsOut = csv.Rows - 1;
        progress.Log(EngineLogLevel.Information, "done", PreprocessMessages.Done(fit.Rows, rowsOut, fitted.Outputs.Count, stopwatch.Elapsed));
        progress.Report(100, "done");
        return new PreprocessResult(fitted, fit.Rows, rowsOut, fitted.Outputs);
    }

    private FittedPipeline Fit(PipelinePlan plan, FitPass fit, IEngineProgress progress, CancellationToken cancellationToken)
    {
        var fittedBy = new Dictionary<ChainStep, List<(FittedColumn Column, string Message)>>(ReferenceEqualityComparer.Instance);
        plan.Steps.ForEach(step => fittedBy[step] = []);
        var buffer = new double[SpillBlock];
        foreach (var collector in fit.Collectors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var (step, column, message) in new ColumnFitter(collector, buffer, fit.LineOf, options).Fit())
            {
                fittedBy[step].Add((column, message));
            }
        }
        foreach (var chain in plan.Columns.Where(chain => !chain.IsRead && chain.Steps.Count > 0))
        {
            fittedBy[chain.Steps[0]].Add((new FittedColumn(chain.Name), PreprocessMessages.Drop(chain.Name, chain.Steps[0])));
        }
        var steps = new List<FittedStep>();
        foreach (var step in plan.Steps)
        {
            var (removed, summary) = step.Op switch
            {
                PipelineOps.DropDuplicates => ((long?)fit.Duplicates, PreprocessMessages.Duplicates(fit.Duplicates)),
                PipelineOps.DropMissingTarget => (fit.MissingTargets, PreprocessMessages.MissingTarget(plan.Target, fit.MissingTargets)),
                PipelineOps.TextFeatures => (null, PreprocessMessages.Text(step.Spec.Columns)),
                _ => (null, null),
            };
            var order = step.Spec.Columns.Select((name, i) => (name, i)).ToDictionary(e => e.name, e => e.i, StringComparer.Ordinal);
            var columns = step.Op == PipelineOps.TextFeatures
                ? [.. step.Spec.Columns.Select(name => TextColumn(name, step.Params))]
                : fittedBy[step].OrderBy(e => order[e.Column.Name]).Select(e => e.Column).ToList();
            steps.Add(new FittedStep(step.Spec.Id, step.Op, PipelineOps.RowOps.Contains(step.Op) ? [] : columns, removed));
            foreach (var message in summary is null ? fittedBy[step].OrderBy(e => order[e.Column.Name]).Select(e => e.Message) : [summary])
            {
                progress.Log(EngineLogLevel.Information, step.Op, message);
            }
        }
        var inputs = profile.Columns.Select(c => new FittedInput(c.Name, c.Type)).ToList();
        var draft = new FittedPipeline(plan.Target, [.. profile.MissingTokens], inputs, [], steps);
        var outputs = new RowTransformer(draft).Plans.SelectMany(p => p.Outputs).ToList();
        if (outputs.GroupBy(name => name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw PreprocessDataException.Create($"two output columns would be named `{twice.Key}`.", twice.Key, null, null,
                "Rename the input column that clashes with a one_hot or date_parts column, or drop it.");
        }
        return draft with { Outputs = outputs, InputReference = fit.Reference.Build() };
    }

    /// <summary>A text_features column keeps its n-gram sizes (defaults filled in) for training, which counts the n-grams.</summary>
    private static FittedColumn TextColumn(string name, object? parameters)
    {
        var (words, chars) = parameters is ValueTuple<int?, int?> sizes ? sizes : (null, null);
        var ngrams = TextNgrams.Of(words, chars);
        return new FittedColumn(name) { WordNgrams = ngrams.Words, CharNgrams = ngrams.Chars };
    }
}

/// <summary>Progress by bytes over the two reads of the file: each whole percent, below 100 until the end.</summary>
internal sealed class PassProgress(long totalBytes, IEngineProgress progress)
{
    private long _read;
    private double _reported;

    public ValueTask Advance(int bytes, string step)
    {
        _read += bytes;
        if (totalBytes > 0)
        {
            var percent = Math.Min(99.9, 50.0 * _read / totalBytes);
            if (percent >= _reported + 1)
            {
                _reported = percent;
                progress.Report(percent, step);
            }
        }
        return ValueTask.CompletedTask;
    }
}
