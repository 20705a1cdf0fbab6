namespace MlWorkflow.Web.Services;

/// <summary>Bytes sent of one upload; <see cref="Report"/> says when the UI is due a refresh.</summary>
public sealed class UploadProgress(string fileName, long total, TimeProvider time)
{
    private long _sent;
    private long _lastRefresh = time.GetTimestamp();

    public string FileName => fileName;

    public long Total => total;

    public long Sent => Interlocked.Read(ref _sent);

    public double Percent => total <= 0 ? 100 : Math.Min(100, 100.0 * Sent / total);

    public bool Report(long sent, TimeSpan refreshInterval)
    {
        Interlocked.Exchange(ref _sent, sent);
        var now = time.GetTimestamp();
        if (sent < total && time.GetElapsedTime(Interlocked.Read(ref _lastRefresh), now) < refreshInterval)
        {
            return false;
        }
        Interlocked.Exchange(ref _lastRefresh, now);
        return true;
    }
}
