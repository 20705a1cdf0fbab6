namespace MlWorkflow.Api.Suggestions;

/// <summary>Configuration section <c>Suggestions:Cache</c>.</summary>
public sealed class SuggestionCacheOptions
{
    public const string Section = "Suggestions:Cache";

    /// <summary>How long a dataset's cached suggestions live after the last one was stored (default 1 hour).</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest wait for a Redis read before computing instead (default 500 ms).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(500);
}
