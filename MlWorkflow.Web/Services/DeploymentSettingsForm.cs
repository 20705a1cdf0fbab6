namespace MlWorkflow.Web.Services;

/// <summary>Settings a deployment is created with or changed to; the lists are what the Api accepts.</summary>
public static class DeploymentSettings
{
    public const int DefaultDriftIntervalMinutes = 15;
    public const int DefaultLogRetentionDays = 30;
    public const int MaxLogRetentionDays = 3650;

    /// <summary>Intervals Hangfire's cron can say exactly (minutes dividing an hour, hours dividing a day), as the Api checks them.</summary>
    public static IReadOnlyList<int> DriftIntervals { get; } = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440];

    public static string DescribeInterval(int minutes) => minutes switch
    {
        1 => "every minute",
        < 60 => $"every {minutes} minutes",
        60 => "every hour",
        1440 => "every day",
        _ => $"every {minutes / 60} hours",
    };
}

/// <summary>The settings as a form edits them (the create dialog and the settings tab).</summary>
public sealed class DeploymentSettingsForm
{
    public int DriftIntervalMinutes { get; set; } = DeploymentSettings.DefaultDriftIntervalMinutes;

    public int LogRetentionDays { get; set; } = DeploymentSettings.DefaultLogRetentionDays;

    public string WebhookUrl { get; set; } = "";

    /// <summary>The drift thresholds; null where the Api did not send them (they are then left as they are).</summary>
    public DriftThresholdsForm? Thresholds { get; set; }

    public static DeploymentSettingsForm From(DeploymentRecord deployment) => new()
    {
        DriftIntervalMinutes = deployment.DriftIntervalMinutes,
        LogRetentionDays = deployment.LogRetentionDays,
        WebhookUrl = deployment.WebhookUrl ?? "",
        Thresholds = deployment.DriftSettings is { } drift ? DriftThresholdsForm.From(drift) : null,
    };
}

/// <summary><see cref="DriftSettingsRecord"/> as a form edits it.</summary>
public sealed class DriftThresholdsForm
{
    public double NumberDistanceThreshold { get; set; }

    public double CategoryDistanceThreshold { get; set; }

    public double PsiModerate { get; set; }

    public double PsiHigh { get; set; }

    public double MissingRateChange { get; set; }

    public double DatasetDriftShare { get; set; }

    public int MinRows { get; set; }

    public static DriftThresholdsForm From(DriftSettingsRecord drift) => new()
    {
        NumberDistanceThreshold = drift.NumberDistanceThreshold,
        CategoryDistanceThreshold = drift.CategoryDistanceThreshold,
        PsiModerate = drift.PsiModerate,
        PsiHigh = drift.PsiHigh,
        MissingRateChange = drift.MissingRateChange,
        DatasetDriftShare = drift.DatasetDriftShare,
        MinRows = drift.MinRows,
    };

    public DriftSettingsRecord ToRecord() =>
        new(NumberDistanceThreshold, CategoryDistanceThreshold, PsiModerate, PsiHigh, MissingRateChange, DatasetDriftShare, MinRows);
}
