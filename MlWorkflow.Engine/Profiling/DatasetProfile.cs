namespace MlWorkflow.Engine.Profiling;

/// <summary>The profile of a whole dataset (contract "Profile" in DESIGN.md); JSON camelCase with the web defaults.</summary>
public sealed record DatasetProfile
{
    /// <summary>Data rows, the header excluded.</summary>
    public required long RowCount { get; init; }

    public required int ColumnCount { get; init; }

    /// <summary>Cells that are missing (see <see cref="MissingTokens"/>) over all columns.</summary>
    public required long MissingCells { get; init; }

    /// <summary>Rows whose text equals that of an earlier row (field by field, before trimming); an estimate when <see cref="DuplicateRowsIsEstimate"/>.</summary>
    public required long DuplicateRows { get; init; }

    /// <summary>True past <see cref="ProfileOptions.DuplicateRowsCap"/> distinct rows: then counted on a hash-selected sample of rows and scaled up.</summary>
    public bool DuplicateRowsIsEstimate { get; init; }

    /// <summary>The values counted as missing, exactly as used (matched after trimming, case-sensitive; "" = empty or blank).</summary>
    public required IReadOnlyList<string> MissingTokens { get; init; }

    public required IReadOnlyList<ColumnProfile> Columns { get; init; }

    /// <summary>Not computed yet (null).</summary>
    public CorrelationMatrix? Correlations { get; init; }

    /// <summary>Not computed yet (empty).</summary>
    public IReadOnlyList<TargetCandidate> TargetCandidates { get; init; } = [];

    /// <summary>Not computed yet (empty).</summary>
    public IReadOnlyList<ProfileAlert> Alerts { get; init; } = [];
}
