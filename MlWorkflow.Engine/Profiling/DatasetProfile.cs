namespace MlWorkflow.Engine.Profiling;

/// <summary>The profile of a whole dataset (the API's "Profile" shape, see /openapi/v1.json); JSON camelCase with the web defaults.</summary>
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

    /// <summary>
    /// Method "auto": how strongly each pair of columns is associated, in [0, 1] (diagonal 1, null where
    /// undefined): |Spearman ρ| for two numeric columns, bias-corrected Cramér's V for two categorical or
    /// boolean columns, correlation ratio η for a numeric and a categorical one. Computed on a seeded uniform
    /// sample of <see cref="ProfileOptions.CorrelationSampleRows"/> rows (all rows of smaller files), over
    /// at most 50 numeric, integer, categorical or boolean columns from anywhere in the file, listed in file
    /// order: the target candidates first, then the columns missing in at most half of the rows, then the rest,
    /// each in file order. A file with more than 64 columns samples 64 of them, chosen by the same ranking on its
    /// first batch of rows (so memory stays at 64 columns × the sample); the final 50 are ranked on the whole
    /// file's types. Pairs use the rows where both have a value. Null with fewer than two such columns.
    /// </summary>
    public CorrelationMatrix? Correlations { get; init; }

    /// <summary>
    /// The same sample by single method: "pearson" and "spearman" (signed, over the numeric columns),
    /// "cramers_v" (over the categorical and boolean columns), "correlation_ratio" (over all considered
    /// columns, filled only for numeric × categorical pairs, null elsewhere and on the diagonal). A method
    /// is listed only when it applies to at least one pair.
    /// </summary>
    public IReadOnlyList<CorrelationMatrix> CorrelationMatrices { get; init; } = [];

    /// <summary>Not computed yet (empty).</summary>
    public IReadOnlyList<TargetCandidate> TargetCandidates { get; init; } = [];

    /// <summary>Not computed yet (empty).</summary>
    public IReadOnlyList<ProfileAlert> Alerts { get; init; } = [];
}
