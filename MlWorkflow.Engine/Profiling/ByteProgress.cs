namespace MlWorkflow.Engine.Profiling;

/// <summary>Turns bytes read into progress: reported at each whole percent (below 100 until the end), logged at each tenth.</summary>
internal sealed class ByteProgress(long totalBytes, IEngineProgress progress)
{
    private const double LastBeforeEnd = 99.9;
    private double _reported;
    private int _loggedTenths;

    public long BytesRead { get; private set; }

    public void Advance(int bytes, long rows)
    {
        BytesRead += bytes;
        if (totalBytes <= 0)
        {
            return;
        }
        var percent = Math.Min(LastBeforeEnd, 100.0 * BytesRead / totalBytes);
        if (percent >= _reported + 1 || (percent == LastBeforeEnd && _reported < LastBeforeEnd))
        {
            _reported = percent;
            progress.Report(percent, "scan");
        }
        var tenths = (int)(percent / 10);
        if (tenths > _loggedTenths)
        {
            _loggedTenths = tenths;
            progress.Log(EngineLogLevel.Information, "scan", ProfileMessages.Scanned(rows, BytesRead, totalBytes));
        }
    }
}
