using System.Globalization;
using MlWorkflow.Engine.Csv;
using MlWorkflow.Engine.Preprocessing;
using MlWorkflow.Engine.Profiling;
using MlWorkflow.Engine.Targets;

namespace MlWorkflow.Engine.Training;

/// <summary>
/// A column of the file with the type its profile (or the fitted pipeline) gives it, and the n-grams a <c>text_features</c>
/// step asked for when one marked it (<see cref="PipelineColumns.MarkText"/>).
/// </summary>
public sealed record TableColumn(string Name, ColumnType Type, TextNgrams? TextFeatures = null);

/// <summary>
/// The training rows in memory as trainers read them: a dense row-major feature matrix (<see cref="Width"/> floats a row,
/// encoded by <see cref="Encoder"/>) and the label of each row (the value for regression, the class index into
/// <see cref="Labels"/> otherwise). Rows whose target is missing are left out. Dates, free text, identifiers and constants
/// are not features (<see cref="Skipped"/> says why): a date_parts step turns dates into numbers first, and a text,
/// categorical or identifier column a text_features step marked becomes n-gram counts (<see cref="TextVocabularyBuilder"/>).
/// </summary>
public sealed class TrainingTable
{
    /// <summary>Categories of a column beyond the most frequent this many encode as all zero, like an unknown value.</summary>
    public const int MaxCategories = 100;

    /// <summary>A classification target with more classes than this is refused (it is an identifier or a number).</summary>
    public const int MaxClasses = 1_000;

    /// <summary>A text feature keeps the n-grams in the most rows, at most this many (slots), …</summary>
    public const int MaxTextTerms = 200;

    /// <summary>… and only those in at least this many rows.</summary>
    public const int MinTextRows = 2;

    internal TrainingTable(string target, string task, FeatureEncoder encoder, float[] features, float[] labels, IReadOnlyList<string> classLabels,
        long missingTargets, IReadOnlyList<string> skipped, ReferenceSummary inputReference)
    {
        Target = target;
        Task = task;
        Encoder = encoder;
        Features = features;
        Labels = labels;
        ClassLabels = classLabels;
        MissingTargets = missingTargets;
        Skipped = skipped;
        InputReference = inputReference;
    }

    public string Target { get; }

    public string Task { get; }

    public FeatureEncoder Encoder { get; }

    public int Width => Encoder.Width;

    public int Rows => Labels.Length;

    /// <summary>Row-major: row r's features are <c>Features[r * Width .. (r + 1) * Width]</c>.</summary>
    public float[] Features { get; }

    /// <summary>Per row: the target value (regression) or the class index (classification).</summary>
    public float[] Labels { get; }

    /// <summary>Class labels in index order (numbers sorted as numbers, else ordinal); empty for regression.</summary>
    public IReadOnlyList<string> ClassLabels { get; }

    public int Classes => ClassLabels.Count;

    public long MissingTargets { get; }

    /// <summary>Columns that are not features, each as "name (reason)".</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>The feature columns as they were read (before encoding), for a model package's drift reference.</summary>
    public ReferenceSummary InputReference { get; }

    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(row * Width, Width);

    /// <summary>How a column of <paramref name="type"/> becomes features (<see cref="FeatureSpec"/>); null when it does not.</summary>
    internal static string? FeatureKind(ColumnType type) => type switch
    {
        ColumnType.Numeric or ColumnType.Integer => FeatureSpec.Number,
        ColumnType.Boolean => FeatureSpec.Boolean,
        ColumnType.Categorical => FeatureSpec.Category,
        _ => null,
    };

    /// <summary>
    /// How a column becomes features: text when a text_features step marked it and it holds strings (text, categories, or
    /// unique short strings the profile took for identifiers: short reviews or titles are, and the step says they are text).
    /// </summary>
    internal static string? FeatureKind(ColumnType type, bool textFeatures) =>
        textFeatures && type is ColumnType.Text or ColumnType.Categorical or ColumnType.Identifier ? FeatureSpec.TextKind : FeatureKind(type);

    /// <summary>
    /// The slots a column of <paramref name="type"/> with <paramref name="distinct"/> values takes before it is read: one for
    /// a number or a boolean, one a category up to <see cref="MaxCategories"/>, <see cref="MaxTextTerms"/> for text a
    /// text_features step marked (at most: fewer when the rows have fewer repeated n-grams), none for what is not a feature.
    /// </summary>
    internal static int Slots(ColumnType type, long distinct, bool textFeatures = false) => FeatureKind(type, textFeatures) switch
    {
        null => 0,
        FeatureSpec.Category => (int)Math.Clamp(distinct, 1, MaxCategories),
        FeatureSpec.TextKind => MaxTextTerms,
        _ => 1,
    };

    /// <summary>Reads the CSV once into memory; <c>columns</c> are every column of the file in file order, with its type.</summary>
    /// <exception cref="TrainingDataException">The target is not a column, a regression target holds a word, the classes do not fit the task…</exception>
    public static async Task<TrainingTable> LoadAsync(Stream stream, CsvDialect dialect, IReadOnlyList<TableColumn> columns, string target, string task,
        IReadOnlyList<string> missingTokens, Func<int, ValueTask>? afterBlock, CancellationToken cancellationToken)
    {
        var targetIndex = columns.Select(c => c.Name).ToList().IndexOf(target);
        if (targetIndex < 0)
        {
            throw new TrainingDataException($"The target `{target}` is not a column of the data.", "Choose one of the dataset's columns as the target.");
        }
        var pass = new TablePass(columns, dialect, targetIndex, task, missingTokens);
        await pass.ReadAsync(stream, afterBlock ?? (_ => ValueTask.CompletedTask), cancellationToken);
        return pass.Build(target);
    }

    private sealed class TablePass : RecordPass
    {
        private readonly IReadOnlyList<TableColumn> _columns;
        private readonly int _targetIndex;
        private readonly string _task;
        private readonly IReadOnlyList<string> _missingTokens;
        private readonly MissingTokenMatcher _missing;
        private readonly List<(int Column, FeatureSpec Spec)> _used = [];
        private readonly List<string> _skipped = [];
        private readonly List<float>[] _numbers;
        private readonly List<int>[] _codes;
        private readonly Dictionary<string, int>[] _categories;
        private readonly List<long>[] _counts;
        private readonly FeatureEncoder _scalar;
        private readonly NumberSketch?[] _sketches;
        private readonly List<string?>[] _texts;
        private readonly TextVocabularyBuilder?[] _vocabularies;
        private readonly List<float> _regression = [];
        private readonly List<int> _classes = [];
        private readonly Dictionary<string, int> _labelCodes = new(StringComparer.Ordinal);
        private long _missingTargets;

        public TablePass(IReadOnlyList<TableColumn> columns, CsvDialect dialect, int targetIndex, string task, IReadOnlyList<string> missingTokens)
            : base([.. columns.Select(c => c.Name)], dialect)
        {
            _columns = columns;
            _targetIndex = targetIndex;
            _task = task;
            _missingTokens = missingTokens;
            _missing = new MissingTokenMatcher(missingTokens);
            for (var i = 0; i < columns.Count; i++)
            {
                if (i == targetIndex)
                {
                    continue;
                }
                if (FeatureKind(columns[i].Type, columns[i].TextFeatures is not null) is not { } kind)
                {
                    _skipped.Add($"{columns[i].Name} ({columns[i].Type.ToString().ToLowerInvariant()})");
                    continue;
                }
                _used.Add((i, new FeatureSpec(columns[i].Name, kind, kind == FeatureSpec.Category ? [] : null)));
            }
            _numbers = [.. _used.Select(u => u.Spec.Kind is FeatureSpec.Category or FeatureSpec.TextKind ? null! : new List<float>())];
            _codes = [.. _used.Select(u => u.Spec.Kind == FeatureSpec.Category ? new List<int>() : null!)];
            _categories = [.. _used.Select(u => u.Spec.Kind == FeatureSpec.Category ? new Dictionary<string, int>(StringComparer.Ordinal) : null!)];
            _counts = [.. _used.Select(u => u.Spec.Kind == FeatureSpec.Category ? new List<long>() : null!)];
            // Numbers and booleans encode as they are read; categories wait for their counts.
            _sketches = [.. _used.Select(u => u.Spec.Kind == FeatureSpec.Number ? new NumberSketch() : null)];
            // Text keeps each row's cell until the vocabulary is known; it then encodes as a caller's cell does.
            _texts = [.. _used.Select(u => u.Spec.Kind == FeatureSpec.TextKind ? new List<string?>() : null!)];
            _vocabularies = [.. _used.Select(u => u.Spec.Kind == FeatureSpec.TextKind ? new TextVocabularyBuilder(columns[u.Column].TextFeatures!) : null)];
            _scalar = new FeatureEncoder([.. _used.Select(u => u.Spec.Kind is FeatureSpec.Category or FeatureSpec.TextKind ? new FeatureSpec(u.Spec.Name, FeatureSpec.Number) : u.Spec)], missingTokens);
        }

        protected override void OnRow(CsvRecord record, long line)
        {
            var label = record[_targetIndex].Trim();
            if (_missing.IsMissing(label) || label.IsEmpty)
            {
                _missingTargets++;
                return;
            }
            if (_task == TargetTasks.Regression)
            {
                if (!NumberParser.TryParse(label, out var value, out _) || !double.IsFinite(value))
                {
                    throw new TrainingDataException($"Line {line}: the regression target `{_columns[_targetIndex].Name}` holds '{new string(label)}', not a finite number.",
                        "Train a classifier on this column, or fix or drop the rows whose target is not a number.");
                }
                _regression.Add((float)value);
            }
            else
            {
                var lookup = _labelCodes.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!lookup.TryGetValue(label, out var code))
                {
                    code = _labelCodes.Count;
                    if (code >= MaxClasses)
                    {
                        throw new TrainingDataException($"The target `{_columns[_targetIndex].Name}` has more than {MaxClasses} distinct values: too many classes to learn.",
                            "Choose another target, or train a regression if the values are numbers.");
                    }
                    lookup[label] = code;
                }
                _classes.Add(code);
            }
            for (var u = 0; u < _used.Count; u++)
            {
                var cell = record[_used[u].Column].Trim();
                if (_vocabularies[u] is { } vocabulary)
                {
                    var missing = _missing.IsMissing(cell) || cell.IsEmpty;
                    vocabulary.Add(missing ? [] : cell);
                    _texts[u].Add(missing ? null : new string(cell));
                }
                else if (_codes[u] is { } codes)
                {
                    if (_missing.IsMissing(cell) || cell.IsEmpty)
                    {
                        codes.Add(-1);
                        continue;
                    }
                    var lookup = _categories[u].GetAlternateLookup<ReadOnlySpan<char>>();
                    if (!lookup.TryGetValue(cell, out var code))
                    {
                        code = _categories[u].Count;
                        lookup[cell] = code;
                        _counts[u].Add(0);
                    }
                    _counts[u][code]++;
                    codes.Add(code);
                }
                else if (_sketches[u] is { } sketch)
                {
                    // Parsed once as a double: the reference keeps the value as written, the matrix its float.
                    var value = _missing.IsMissing(cell) ? double.NaN : InputCells.Number(cell);
                    sketch.Add(value);
                    _numbers[u].Add((float)value);
                }
                else
                {
                    _numbers[u].Add(_scalar.Scalar(u, cell));
                }
            }
        }

        public TrainingTable Build(string target)
        {
            var (classLabels, labels) = BuildLabels();
            var specs = new List<FeatureSpec>();
            var remap = new int[_used.Count][];
            for (var u = 0; u < _used.Count; u++)
            {
                if (_vocabularies[u] is { } vocabulary)
                {
                    specs.Add(_used[u].Spec with { Text = vocabulary.Build(MaxTextTerms, MinTextRows) });
                    continue;
                }
                if (_codes[u] is null)
                {
                    specs.Add(_used[u].Spec);
                    continue;
                }
                var byCode = _categories[u].OrderBy(p => p.Value).Select(p => p.Key).ToArray();
                var kept = Enumerable.Range(0, byCode.Length)
                    .OrderByDescending(code => _counts[u][code]).ThenBy(code => byCode[code], StringComparer.Ordinal)
                    .Take(MaxCategories)
                    .OrderBy(code => byCode[code], StringComparer.Ordinal)
                    .ToArray();
                remap[u] = Enumerable.Repeat(-1, byCode.Length).ToArray();
                for (var k = 0; k < kept.Length; k++)
                {
                    remap[u][kept[k]] = k;
                }
                specs.Add(new FeatureSpec(_used[u].Spec.Name, FeatureSpec.Category, [.. kept.Select(code => byCode[code])]));
            }
            var encoder = new FeatureEncoder(specs, _missingTokens);
            var rows = labels.Length;
            var width = encoder.Width;
            var features = new float[(long)rows * width];
            for (var u = 0; u < _used.Count; u++)
            {
                var offset = encoder.Offsets[u];
                if (_texts[u] is { } texts)
                {
                    for (var r = 0; r < rows; r++)
                    {
                        encoder.Encode(u, texts[r], features.AsSpan((int)((long)r * width), width));
                    }
                    _texts[u] = null!;
                }
                else if (_codes[u] is { } codes)
                {
                    for (var r = 0; r < rows; r++)
                    {
                        var code = codes[r];
                        if (code >= 0 && remap[u][code] is var slot and >= 0)
                        {
                            features[(long)r * width + offset + slot] = 1;
                        }
                    }
                }
                else
                {
                    var numbers = _numbers[u];
                    for (var r = 0; r < rows; r++)
                    {
                        features[(long)r * width + offset] = numbers[r];
                    }
                }
            }
            return new TrainingTable(target, _task, encoder, features, labels, classLabels, _missingTargets, _skipped, BuildReference(rows));
        }

        /// <summary>Numbers from their sketches; booleans and categories from the values and counts the table holds anyway.</summary>
        private ReferenceSummary BuildReference(int rows)
        {
            var features = new List<FeatureReference>();
            for (var u = 0; u < _used.Count; u++)
            {
                var name = _used[u].Spec.Name;
                if (_vocabularies[u] is not null)
                {
                    // Drift does not compare text.
                    continue;
                }
                if (_sketches[u] is { } sketch)
                {
                    features.Add(sketch.Build(name));
                    continue;
                }
                var tally = new CategoryTally();
                if (_codes[u] is null)
                {
                    var ones = _numbers[u].Count(v => v == 1);
                    var zeros = _numbers[u].Count(v => v == 0);
                    tally.Add(InputCells.True, ones);
                    tally.Add(InputCells.False, zeros);
                    tally.Missing = rows - ones - zeros;
                    features.Add(tally.Build(name, FeatureSpec.Boolean));
                    continue;
                }
                foreach (var (value, code) in _categories[u])
                {
                    tally.Add(value, _counts[u][code]);
                }
                tally.Missing = rows - _counts[u].Sum();
                features.Add(tally.Build(name));
            }
            return new ReferenceSummary(rows, features, null, [.. _missingTokens]);
        }

        private (IReadOnlyList<string> ClassLabels, float[] Labels) BuildLabels()
        {
            var targetName = _columns[_targetIndex].Name;
            if (_task == TargetTasks.Regression)
            {
                if (_regression.Count == 0)
                {
                    throw new TrainingDataException($"The target `{targetName}` has no value.", "Choose a target with values.");
                }
                return ([], [.. _regression]);
            }
            var byCode = _labelCodes.OrderBy(p => p.Value).Select(p => p.Key).ToArray();
            var numeric = byCode.All(l => NumberParser.TryParse(l, out _, out _));
            var order = Enumerable.Range(0, byCode.Length)
                .OrderBy(code => numeric ? double.Parse(byCode[code], CultureInfo.InvariantCulture) : 0)
                .ThenBy(code => byCode[code], StringComparer.Ordinal)
                .ToArray();
            if (order.Length < 2)
            {
                throw new TrainingDataException($"The target `{targetName}` has {order.Length} class{(order.Length == 1 ? "" : "es")}: a classifier needs at least two.",
                    "Choose a target whose rows take at least two values.");
            }
            if (_task == TargetTasks.Binary && order.Length != 2)
            {
                throw new TrainingDataException($"The target `{targetName}` has {order.Length} classes, so it is not a binary task.",
                    "Train it as multiclass, or choose a target with exactly two values.");
            }
            var index = new int[order.Length];
            for (var i = 0; i < order.Length; i++)
            {
                index[order[i]] = i;
            }
            return ([.. order.Select(code => byCode[code])], [.. _classes.Select(code => (float)index[code])]);
        }
    }
}

/// <summary>The data cannot be trained on as asked; <see cref="Fix"/> says what to change.</summary>
public sealed class TrainingDataException(string message, string fix) : Exception(message)
{
    public string Fix { get; } = fix;
}
